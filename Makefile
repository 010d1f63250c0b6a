# `sam build` runs build-SkillFunction (template.yaml: Metadata: BuildMethod: makefile)
# with ARTIFACTS_DIR set. skill/tools/lambda_build.py does the work: the wheel (content and
# interaction models inside it) with only the `lambda` extra of pyproject.toml, for the
# Python and architecture that template.yaml's Runtime and Architectures name, compiled
# to bytecode for that Python. boto3 and botocore come with Lambda's runtime; set
# BUNDLE_SDK=1 to bundle them. LAMBDA_PYTHON, if set, must agree with the template.
PYTHON ?= python3
LAMBDA_PYTHON ?=
BUNDLE_SDK ?=

build-SkillFunction:
	$(PYTHON) -m skill.tools.lambda_build "$(ARTIFACTS_DIR)"$(if $(LAMBDA_PYTHON), --python-version $(LAMBDA_PYTHON))$(if $(BUNDLE_SDK), --bundle-sdk)

.PHONY: build-SkillFunction
