# `sam build` runs build-SkillFunction (template.yaml: Metadata: BuildMethod: makefile)
# with ARTIFACTS_DIR set: the wheel, with content/ and interaction_models/ inside it,
# is installed with its dependencies for Lambda's Python and platform.
PYTHON ?= python3
LAMBDA_PYTHON ?= 3.12
LAMBDA_PLATFORM ?= manylinux2014_x86_64

build-SkillFunction:
	$(eval WHEELS := $(shell mktemp -d))
	$(PYTHON) -m pip wheel --no-deps --wheel-dir "$(WHEELS)" .
	$(PYTHON) -m pip install --target "$(ARTIFACTS_DIR)" --platform $(LAMBDA_PLATFORM) \
		--implementation cp --python-version $(LAMBDA_PYTHON) --only-binary=:all: --no-compile \
		"$$(ls "$(WHEELS)"/*.whl)[aws]"
	rm -rf "$(WHEELS)"
