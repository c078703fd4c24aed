"""Local mode only: Amazon DynamoDB Local, `tandem serve`, demo data.

Nothing here goes into a Lambda package.
"""

from functions.local.dynamodb_local import free_port

__all__ = ["free_port"]
