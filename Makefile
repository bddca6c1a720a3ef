# The two commands: `make run` and `make test`. Both work on a fresh machine with python3 >= 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Two test processes (the machines have two cores); `make test PYTEST_ARGS=` runs them one by one.
PYTEST_ARGS ?= -n 2 --dist worksteal

export DJANGO_DEBUG ?= 1

.PHONY: run test test-fast install install-test messages clean housekeeping

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "PARTNER runs on http://127.0.0.1:$(PORT)/ with a task worker beside it (stop both with Ctrl+C)"
	@echo "E-mails are printed here; run 'make housekeeping' for the hourly reminders."
	@echo "Demo logins, all with password 'partner-demo':"
	@echo "  facilitator   facilitator at Zorggroep De Linde"
	@echo "  client1       client (Gerda) at De Linde"
	@echo "  client2       client (Henk) at De Linde"
	@echo "  staff1        staff member (Sanne) at De Linde"
	@echo "  quality       quality staff at De Linde"
	@echo "  facilitator2  facilitator at Stichting Het Baken"
	@echo "  beheerder     organisation administrator at De Linde (/beheer/)"
	@echo "  beheerder2    organisation administrator at Het Baken"
	@echo "  admin         administrator (organisations and accounts, no client content)"
	@echo ""
	@# The task worker runs beside the server (as in production); Ctrl+C (or the server ending) stops both.
	@export PARTNER_SITE_URL=http://127.0.0.1:$(PORT); $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# What cron, a systemd timer or a Kubernetes CronJob runs every hour in production (see the README).
housekeeping: install
	$(PY) manage.py housekeeping

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite without the tests marked slow (browser, gunicorn and other subprocesses, backups, load, packaging).
test-fast: install-test
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

# Regenerate the translation files after changing strings (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages --locale nl --locale en --no-obsolete --no-location --ignore '.venv/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
