"""``python -m skill.tools.bench``."""

from skill.tools.bench import main

raise SystemExit(main())
