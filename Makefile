# The commands in README.md. Each target calls a script in scripts/ (or a tool in .venv).
# Pass extra arguments with ARGS, e.g.  make test ARGS="-k health -x"

ARGS ?=
VENV := .venv/bin

.DEFAULT_GOAL := help
.PHONY: help run test bench eval lint fmt services-up services-down clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: ## Set up, migrate, seed demo data, then run web + worker + beat on http://127.0.0.1:8000
	bash scripts/run.sh

test: ## Install what tests need, start PostgreSQL/Redis/S3, then lint, migration checks, pytest
	bash scripts/test.sh $(ARGS)

bench: ## Every benchmark in bench/, printed as tables (records bench/RESULTS.md)
	bash scripts/bench.sh $(ARGS)

eval: ## The AI engine on real public data beside baselines (EVAL_DATA_DIR); records bench/RESULTS.md
	bash scripts/eval.sh $(ARGS)

# --- Faults and load (tests/faults/, bench/load/) ---
.PHONY: faults bench-load
faults: ## Every fault test, the slow ones too (kill workers, restart PostgreSQL, webhook burst)
	bash scripts/faults.sh $(ARGS)

bench-load: ## Load test (locust) of a production-like server; records bench/RESULTS.md "Load"
	bash scripts/bench_load.sh $(ARGS)

# --- Deploy for real (Dockerfile, docker-compose.yml, deploy/; docs/deploy.md) ---
.PHONY: deploy-check deploy-load
deploy-check: ## Build the image, run the compose stack (2 web nodes behind nginx, a worker per queue), analyse a resume through it, kill nodes, back up and restore
	bash scripts/deploy_check.sh $(ARGS)

deploy-load: ## deploy-check plus the load test against the two web nodes (a node and the ai worker killed mid-run); records bench/RESULTS.md
	bash scripts/deploy_check.sh --load $(ARGS)

lint: ## ruff check and ruff format --check
	@bash scripts/bootstrap.sh
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

fmt: ## Fix what ruff can fix, then format
	@bash scripts/bootstrap.sh
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .

services-up: ## Start the test services (see scripts/services.sh)
	bash scripts/services.sh up

services-down: ## Stop the test services
	bash scripts/services.sh down

clean: ## Stop the test services and delete generated files and local state (var/)
	bash scripts/services.sh down
	rm -rf var staticfiles static/vendor .pytest_cache .ruff_cache test-results
	find . -path ./.venv -prune -o -path ./node_modules -prune -o \
		-type d -name __pycache__ -exec rm -rf {} +
