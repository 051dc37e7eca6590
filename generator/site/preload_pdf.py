"""With PDFs, the fork server imports WeasyPrint too (generator/site/preload.py explains the order)."""

from generator.site.preload import WITH_PDF, import_while_wanted

import_while_wanted(WITH_PDF)
