"""The print adapter: handbooks, cards and cards sheets with WeasyPrint. The only importer of weasyprint and segno."""
