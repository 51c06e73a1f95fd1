# make demo: a local broker, produce with moldau, consume back, figures (scripts/demo.sh).
.PHONY: demo
demo:
	@bash scripts/demo.sh
