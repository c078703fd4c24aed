"""notify in the cloud: a plain-text message through Amazon SES (moto)."""
import boto3
from moto import mock_aws

from functions import notify
from functions.settings import Settings


def test_mail_goes_through_ses_from_the_configured_address():
    with mock_aws():
        boto3.client("ses", region_name="us-east-1").verify_email_identity(
            EmailAddress="tandem@example.org")
        settings = Settings(mail_from="tandem@example.org")
        sent = notify.send(settings, "maya@example.org", "Your mentor", "Hello Maya")
        assert sent.where  # SES's message id
        from moto.backends import get_backend
        [msg] = get_backend("ses")["123456789012"]["us-east-1"].sent_messages
        assert msg.destinations["ToAddresses"] == ["maya@example.org"]
        assert msg.subject == "Your mentor" and msg.body == "Hello Maya"
