"""notify: locally each message is a plain-text .eml in DATA/outbox."""
from functions import notify
from functions.settings import Settings


def test_local_mail_lands_in_the_outbox_as_plain_text(tmp_path, capsys):
    settings = Settings(data_dir=str(tmp_path))
    sent = notify.send(settings, "maya@example.org", "Your mentor", "Hello <b>Maya</b>\n")
    [msg] = notify.outbox(settings)
    assert (msg["To"], msg["Subject"]) == ("maya@example.org", "Your mentor")
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content() == "Hello <b>Maya</b>\n"  # never rendered as HTML
    assert sent.where.endswith(".eml") and "Your mentor" in capsys.readouterr().out
    assert [p.suffix for p in (tmp_path / "outbox").iterdir()] == [".eml"]
