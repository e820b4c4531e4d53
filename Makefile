# OBCMS — the two commands: `make run` and `make test`.
SHELL := /bin/bash
# The first Python >= 3.11 that actually runs (pyenv shims can exist for versions that are not active).
PYTHON ?= $(shell for p in python3.12 python3.11 python3; do $$p -c 'import sys; assert sys.version_info >= (3, 11)' \
	>/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := cd src && ../$(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

BOOTSTRAP_VERSION := 5.3.9
CHARTJS_VERSION := 4.6.1
LEAFLET_VERSION := 1.9.4
FULLCALENDAR_VERSION := 6.1.20
TOMSELECT_VERSION := 2.6.2
VENDOR := src/static/vendor

.PHONY: run dev install migrate test test-postgres lint format bench bench-load assets check-deploy clean lint-deploy \
	smoke migrate-proof schemathesis

$(VENV)/.installed: requirements/base.txt requirements/development.txt requirements/production.txt
	@test -n "$(PYTHON)" || { echo "OBCMS needs Python 3.11 or newer (python3.12, python3.11 or python3)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/development.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --noinput

## run: the office's own install on this machine: install, migrate, load the hierarchy when empty, create a
## first admin, collect static files, serve with gunicorn on http://$(HOST):$(PORT) (DEBUG off, real error pages)
run: export LOCAL_INSTALL = True
run: migrate
	$(MANAGE) populate_administrative_hierarchy --if-empty
	$(MANAGE) ensure_admin
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "OBCMS is at http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	cd src && GUNICORN_BIND=$(HOST):$(PORT) WEB_CONCURRENCY=$${WEB_CONCURRENCY:-1} GUNICORN_THREADS=$${GUNICORN_THREADS:-8} \
		../$(VENV)/bin/gunicorn --config ../gunicorn.conf.py obc_management.wsgi:application

## dev: for developers: DEBUG on, Django's auto-reloading server, same data as `make run`
dev: migrate
	$(MANAGE) populate_administrative_hierarchy --if-empty
	$(MANAGE) ensure_admin
	$(MANAGE) runserver $(HOST):$(PORT)

## test: the whole suite (SQLite unless DATABASE_URL is set)
test: install
	cd src && ../$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check src bench deployment/scripts
	$(VENV)/bin/ruff format --check src bench deployment/scripts

format: install
	$(VENV)/bin/ruff check --fix src bench deployment/scripts
	$(VENV)/bin/ruff format src bench deployment/scripts

## bench: load the hierarchy and time the location API, pages and exports, then the load and fault run;
## writes docs/benchmarks.md
bench: install
	$(PY) bench/run.py
	$(MAKE) bench-load

## bench-load: locust, 50 users x 3 min on gunicorn + Celery + PostgreSQL (obcms_bench) + a redis-server of its
## own, then the same with Redis stopped 30 s and PostgreSQL restarted once (PG_RESTART=no to skip)
PG_RESTART ?= yes
bench-load: install
	timeout 1500 $(PY) bench/load.py --pg-restart $(PG_RESTART)

## schemathesis: the API as a contract: gunicorn on loopback with seeded SQLite, every operation, every check
schemathesis: install
	timeout 420 $(PY) deployment/scripts/api_contract.py

## check-deploy: Django's deployment checks with production-like settings
check-deploy: install
	cd src && DEBUG=False SECRET_KEY=$$(../$(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') \
		ALLOWED_HOSTS=obcms.example.org ../$(PY) manage.py check --deploy --fail-level WARNING

## lint-deploy: hadolint on the Dockerfile, `docker compose config` on docker-compose.yml (no engine needed)
lint-deploy: install
	$(VENV)/bin/hadolint Dockerfile
	SECRET_KEY=x ALLOWED_HOSTS=x POSTGRES_PASSWORD=x $(VENV)/bin/docker-compose -f docker-compose.yml config --quiet

## smoke: gunicorn + Celery worker and beat + PostgreSQL + Redis on loopback, the plan's smoke checklist
smoke: install
	timeout 600 bash deployment/scripts/smoke_test.sh

## migrate-proof: SQLite -> PostgreSQL with the plan's dumpdata/loaddata on sample data, compared row by row
migrate-proof: install
	timeout 600 bash deployment/scripts/migrate_sqlite_to_postgres.sh --ci

## assets: vendor Bootstrap, Chart.js, Leaflet and FullCalendar from the npm registry (run once per upgrade; the files are committed)
assets:
	rm -rf $(VENDOR)/bootstrap $(VENDOR)/chartjs $(VENDOR)/leaflet $(VENDOR)/fullcalendar $(VENDOR)/tom-select && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/chartjs $(VENDOR)/leaflet $(VENDOR)/fullcalendar $(VENDOR)/tom-select
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) chart.js@$(CHARTJS_VERSION) leaflet@$(LEAFLET_VERSION) fullcalendar@$(FULLCALENDAR_VERSION) tom-select@$(TOMSELECT_VERSION) >/dev/null \
	  && tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz && cp package/dist/css/bootstrap.min.css package/dist/css/bootstrap.min.css.map \
	     package/dist/js/bootstrap.bundle.min.js package/dist/js/bootstrap.bundle.min.js.map package/LICENSE $(CURDIR)/$(VENDOR)/bootstrap/ \
	  && rm -rf package && tar xzf chart.js-$(CHARTJS_VERSION).tgz && cp package/dist/chart.umd.min.js package/dist/chart.umd.min.js.map package/LICENSE.md $(CURDIR)/$(VENDOR)/chartjs/ \
	  && rm -rf package && tar xzf leaflet-$(LEAFLET_VERSION).tgz && cp -r package/dist/leaflet.js package/dist/leaflet.js.map package/dist/leaflet.css package/dist/images package/LICENSE $(CURDIR)/$(VENDOR)/leaflet/ \
	  && rm -rf package && tar xzf fullcalendar-$(FULLCALENDAR_VERSION).tgz && cp package/index.global.min.js package/LICENSE.md $(CURDIR)/$(VENDOR)/fullcalendar/ \
	  && rm -rf package && tar xzf tom-select-$(TOMSELECT_VERSION).tgz && cp package/dist/js/tom-select.complete.min.js package/dist/js/tom-select.complete.min.js.map \
	     package/dist/css/tom-select.bootstrap5.min.css package/dist/css/tom-select.bootstrap5.min.css.map package/LICENSE $(CURDIR)/$(VENDOR)/tom-select/ \
	  && rm -rf $$tmp
	echo "bootstrap $(BOOTSTRAP_VERSION) (MIT), from the npm registry" > $(VENDOR)/bootstrap/VERSION
	echo "chart.js $(CHARTJS_VERSION) (MIT), from the npm registry" > $(VENDOR)/chartjs/VERSION
	echo "leaflet $(LEAFLET_VERSION) (BSD-2-Clause), from the npm registry" > $(VENDOR)/leaflet/VERSION
	echo "fullcalendar $(FULLCALENDAR_VERSION) (MIT), from the npm registry" > $(VENDOR)/fullcalendar/VERSION
	echo "tom-select $(TOMSELECT_VERSION) (Apache-2.0), from the npm registry" > $(VENDOR)/tom-select/VERSION

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
