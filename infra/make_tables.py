"""Write infra/tables.yaml from the PynamoDB models (run after changing a model).

    .venv/bin/python infra/make_tables.py

The models are the source of truth; tests/deploy/test_infra.py fails when the
template and the models disagree, and points here.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = """\
AWSTemplateFormatVersion: "2010-09-09"
Description: >-
  Tandem DynamoDB tables for one stage (on-demand, point-in-time recovery,
  encrypted, TTL where the model has one). Generated from functions/db/
  by infra/make_tables.py: edit the models, then regenerate.
  Tables are retained when this stack is deleted; `tandem undeploy STAGE
  --delete-tables` deletes them explicitly.

Parameters:
  Stage:
    Type: String
    Description: Tandem stage; tables are named tandem-STAGE-NAME.
    AllowedPattern: "^[a-z][a-z0-9-]{0,20}$"

Resources:
"""

TYPE_NAMES = {"S": "S", "N": "N", "B": "B"}

#: The infrastructure scan's findings that are accepted, with why (checkov
#: reads them from each table's Metadata; tests/deploy/test_checkov.py runs it).
CHECKOV_SKIPS = [
    ("CKV_AWS_119", "Encrypted at rest with the AWS-owned key (SSESpecification). A "
                    "customer-managed KMS key adds a key policy to run and a monthly fee "
                    "per key and per request; an organisation that requires one sets "
                    "SSEType KMS with its own key."),
]


def logical_id(base_name: str) -> str:
    return "".join(part.capitalize() for part in base_name.split("-")) + "Table"


def _keys(key_schema: list[dict], indent: str) -> list[str]:
    order = {"HASH": 0, "RANGE": 1}
    lines = []
    for key in sorted(key_schema, key=lambda k: order[k["KeyType"]]):
        lines += [f"{indent}- AttributeName: {key['AttributeName']}",
                  f"{indent}  KeyType: {key['KeyType']}"]
    return lines


def table_yaml(model) -> list[str]:
    schema = model._get_schema()
    name = model.Meta.base_name
    lines = [f"  {logical_id(name)}:",
             "    Type: AWS::DynamoDB::Table",
             "    Metadata:",
             "      checkov:",
             "        skip:"]
    for check, why in CHECKOV_SKIPS:
        lines += [f"          - id: {check}", f'            comment: "{why}"']
    lines += ["    DeletionPolicy: Retain",
              "    UpdateReplacePolicy: Retain",
              "    Properties:",
              f'      TableName: !Sub "tandem-${{Stage}}-{name}"',
              "      BillingMode: PAY_PER_REQUEST",
              "      AttributeDefinitions:"]
    for attr in sorted(schema["attribute_definitions"], key=lambda a: a["AttributeName"]):
        lines += [f"        - AttributeName: {attr['AttributeName']}",
                  f"          AttributeType: {attr['AttributeType']}"]
    lines.append("      KeySchema:")
    lines += _keys(schema["key_schema"], "        ")
    gsis = sorted(schema["global_secondary_indexes"], key=lambda i: i["index_name"])
    if gsis:
        lines.append("      GlobalSecondaryIndexes:")
        for index in gsis:
            lines += [f"        - IndexName: {index['index_name']}", "          KeySchema:"]
            lines += _keys(index["key_schema"], "            ")
            projection = index["projection"]
            lines += ["          Projection:",
                      f"            ProjectionType: {projection['ProjectionType']}"]
            if projection.get("NonKeyAttributes"):
                lines.append("            NonKeyAttributes:")
                lines += [f"              - {a}" for a in projection["NonKeyAttributes"]]
    if schema.get("local_secondary_indexes"):
        raise SystemExit(f"{name}: local secondary indexes are not supported by this generator")
    ttl = model._ttl_attribute()
    if ttl is not None:
        lines += ["      TimeToLiveSpecification:",
                  f"        AttributeName: {ttl.attr_name}",
                  "        Enabled: true"]
    lines += ["      PointInTimeRecoverySpecification:",
              "        PointInTimeRecoveryEnabled: true",
              "      SSESpecification:",
              "        SSEEnabled: true",
              "      Tags:",
              "        - Key: app",
              "          Value: tandem",
              "        - Key: stage",
              "          Value: !Ref Stage",
              ""]
    return lines


def render() -> str:
    from functions import db
    lines = [HEADER.rstrip("\n")]
    for model in db.ALL_MODELS:
        lines += table_yaml(model)
    lines.append("Outputs:")
    for model in db.ALL_MODELS:
        lid = logical_id(model.Meta.base_name)
        lines += [f"  {lid}:",
                  f"    Description: Name of the {model.Meta.base_name} table",
                  f"    Value: !Ref {lid}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    out = ROOT / "infra" / "tables.yaml"
    out.write_text(render())
    print(f"wrote {out.relative_to(ROOT)}")
