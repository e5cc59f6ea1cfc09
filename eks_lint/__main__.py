from eks_lint.cli import main

raise SystemExit(main())
