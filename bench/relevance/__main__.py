from bench.relevance.cli import main

raise SystemExit(main())
