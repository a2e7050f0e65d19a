from tracker.cli.app import main

raise SystemExit(main())
