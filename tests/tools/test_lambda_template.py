"""The Lambda door stays light to import, and template.yaml lints and translates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AWS_DEFAULT_REGION", None)
    env.pop("AWS_REGION", None)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_importing_the_lambda_module_loads_no_boto3_and_no_flask() -> None:
    result = _run_python(
        "import sys, skill.lambda_function\n"
        "heavy = [m for m in ('boto3', 'botocore', 'ask_sdk_dynamodb', 'flask') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    assert result.returncode == 0, result.stderr


def test_building_a_dynamodb_store_loads_no_boto3_and_no_adapter() -> None:
    result = _run_python(
        "import sys\n"
        "from skill.stores import open_store\n"
        "store = open_store('dynamodb:progress')\n"
        "assert store.table_name == 'progress'\n"
        "heavy = [m for m in ('boto3', 'botocore', 'ask_sdk_dynamodb') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    assert result.returncode == 0, result.stderr


def test_template_passes_cfn_lint() -> None:
    api = pytest.importorskip("cfnlint.api", reason="cfn-lint is not installed")
    pytest.importorskip("samtranslator", reason="cfn-lint needs aws-sam-translator for SAM")
    matches = api.lint_file(TEMPLATE)
    assert not matches, "\n".join(str(m) for m in matches)


def _translated(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    pytest.importorskip("samtranslator", reason="aws-sam-translator is not installed")
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    template = yaml_parse(TEMPLATE.read_text(encoding="utf-8"))
    # `sam package` replaces the local CodeUri with an S3 location; do the same.
    template["Resources"]["SkillFunction"]["Properties"]["CodeUri"] = "s3://bucket/skill.zip"

    class NoManagedPolicies:
        def load(self) -> dict[str, str]:
            return {}

    skill_id = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
    out: dict[str, Any] = transform(template, {"SkillId": skill_id}, NoManagedPolicies())
    return out


def test_template_translates_to_the_intended_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    resources = _translated(monkeypatch)["Resources"]

    function = resources["SkillFunction"]
    assert function["Type"] == "AWS::Lambda::Function"
    props = function["Properties"]
    assert props["Handler"] == "skill.lambda_function.handler"
    version = tuple(int(part) for part in props["Runtime"].removeprefix("python").split("."))
    assert version >= (3, 12)
    assert props["Timeout"] < 8  # Alexa's deadline
    assert props["MemorySize"] <= 512
    assert props["Environment"]["Variables"]["BACK_ROUTINE_STORE"] == {
        "Fn::Sub": "dynamodb:${ProgressTable}"
    }

    permission = resources["SkillFunctionAlexaPermission"]["Properties"]
    assert permission["Principal"] == "alexa-appkit.amazon.com"
    assert permission["EventSourceToken"] == {"Ref": "SkillId"}

    table = resources["ProgressTable"]["Properties"]
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "S"}]

    role = resources["SkillFunctionRole"]["Properties"]
    statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
    assert statements == [
        {
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
            "Resource": {"Fn::GetAtt": ["ProgressTable", "Arn"]},
        }
    ]


def test_template_outputs_the_function_arn(monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = _translated(monkeypatch)["Outputs"]
    assert outputs["SkillFunctionArn"]["Value"] == {"Fn::GetAtt": ["SkillFunction", "Arn"]}
