# The two set-up commands of the README, and a few developer conveniences.
# `make run` and `make test` install and start PostgreSQL and Redis when missing.

.PHONY: run test bench sqlx-prepare image

# Runs the platform with its demo data on http://kenitra.localhost:8080 and http://localhost:8080,
# with a mail catcher whose web view (http://127.0.0.1:1080) shows every e-mail sent
run:
	tests/scripts/services.sh
	cargo build --release --bin infitah
	./target/release/infitah migrate
	./target/release/infitah demo
	tests/scripts/mailcatcher.sh
	./target/release/infitah serve

# The whole test suite (what CI runs)
test:
	tests/scripts/test.sh

# Benchmarks (results go to docs/benchmarks.md by hand, with date and machine)
bench:
	tests/bench/run.sh

# Regenerates .sqlx/ (the query metadata the build checks against) after a SQL change
sqlx-prepare:
	tests/scripts/sqlx-prepare.sh

# The whole container image (its Rust stages too) from local base images, started and checked
image:
	tests/image/run.sh --full
