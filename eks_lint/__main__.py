from eks_lint.cli import run_and_flush

raise SystemExit(run_and_flush())
