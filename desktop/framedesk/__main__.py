from framedesk.cli import main

raise SystemExit(main())
