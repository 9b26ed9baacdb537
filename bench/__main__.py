import sys

from bench.measure import main

sys.exit(main())
