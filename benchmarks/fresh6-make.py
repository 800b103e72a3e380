#!/usr/bin/env python3
"""Build the two binary sources of benchmarks/fresh6/ (run from the worktree root):

- atom-review-hormoz-scan.pdf: a scanned-looking journal page (fpdf2, DejaVu Serif):
  fixed line breaks with words hyphenated across lines, a stamp, a ruled table, an OCR-ish
  footer;
- payments-review-2025.docx: a Word report (python-docx) with a title page block, a typed
  table of contents, numbered headings, a table whose header cells are merged across and
  down, and a second table that alone holds the SPFS bank count.
"""
import pathlib

from docx import Document
from docx.shared import Pt
from fpdf import FPDF

OUT = pathlib.Path(__file__).resolve().parent / "fresh6"
FONT = "/usr/share/fonts/truetype/dejavu/"

PDF_LINES = [
    "The Hormoz nuclear power plant will be built in Sirik county, on the",
    "Gulf of Oman coast of Hormozgan pro-",
    "vince. The general contract signed in 2024 between Rosatom and the",
    "Iran Hormoz Nuclear Power Company provides for four VVER-1250 units",
    "with a total contract value of USD 25 billion, the largest order",
    "Rosatom has won in Iran since it completed the first unit at Bushehr.",
    "",
    "Site preparation and the access road are due to be finished before",
    "first concrete is poured. The construc-",
    "tion schedule agreed by the partners is shown in the table below.",
    "The site will also include a seawater desali-",
    "nation plant to supply fresh water to the towns of the county, and a",
    "new high-voltage trans-",
    "mission line to Bandar Abbas.",
    "",
    "Financing has not been made public. Iranian officials have said that",
    "part of the cost will be paid in oil and gas deliveries, while Russian",
    "sources speak of a state export credit. The partnership treaty signed",
    "in January 2025 lists the peaceful use of atomic energy among the",
    "priority fields of coo-",
    "peration between the two countries.",
]

TABLE = [
    ("Unit", "Type", "Capacity, MW", "First concrete", "Grid connection (plan)"),
    ("1", "VVER-1250", "1,250", "2027", "2033"),
    ("2", "VVER-1250", "1,250", "2028", "2034"),
    ("3-4", "VVER-1250", "2 x 1,250", "to be agreed", "to be agreed"),
]


def make_pdf() -> None:
    pdf = FPDF(format="A4")
    pdf.add_font("DJ", "", FONT + "DejaVuSerif.ttf")
    pdf.add_font("DJ", "B", FONT + "DejaVuSerif-Bold.ttf")
    pdf.add_font("DJM", "", FONT + "DejaVuSansMono.ttf")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("DJM", size=8)
    pdf.set_xy(150, 8)
    pdf.cell(50, 5, "[RECEIVED 12 MAY 2025]")
    pdf.set_xy(15, 15)
    pdf.set_font("DJ", size=9)
    pdf.cell(0, 5, "ATOMIC ENERGY REVIEW  No. 3 (2025)                                   — 14 —")
    pdf.ln(10)
    pdf.set_font("DJ", "B", 14)
    pdf.set_x(15)
    pdf.multi_cell(175, 7, "Hormoz: Rosatom's biggest Iranian order since Bushehr")
    pdf.set_font("DJ", size=9)
    pdf.set_x(15)
    pdf.cell(0, 6, "By our correspondent in Bandar Abbas")
    pdf.ln(9)
    pdf.set_font("DJ", size=10.5)
    for line in PDF_LINES:
        pdf.set_x(17)
        pdf.cell(0, 5.6, line)
        pdf.ln(5.6)
    pdf.ln(4)
    pdf.set_font("DJ", "B", 9)
    pdf.set_x(17)
    pdf.cell(0, 5, "Table 1. Hormoz NPP: planned schedule")
    pdf.ln(6)
    widths = (18, 28, 32, 32, 48)
    for i, row in enumerate(TABLE):
        pdf.set_font("DJ", "B" if i == 0 else "", 9)
        pdf.set_x(17)
        for w, cell in zip(widths, row):
            pdf.cell(w, 6.5, cell, border=1)
        pdf.ln(6.5)
    pdf.set_font("DJ", size=8)
    pdf.set_x(17)
    pdf.cell(0, 5, "Source: Iran Hormoz Nuclear Power Company.")
    pdf.set_font("DJM", size=7)
    pdf.set_xy(15, 282)
    pdf.cell(0, 4, "Scanned by the Caspian Institute library · for research use only · Pag e 14")
    pdf.output(str(OUT / "atom-review-hormoz-scan.pdf"))


def make_docx() -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_paragraph("CASPIAN PAYMENTS OBSERVATORY · RESEARCH SERIES No. 9")
    doc.add_heading("Settlements between Russia and Iran: Annual Review 2025", 0)
    doc.add_paragraph("December 2025 · Prepared by Darya Kolesnikova and Reza Moini")
    doc.add_paragraph("Contents")
    for line in ["1. Summary .......................................... 2",
                 "2. National currencies ............................ 3",
                 "3. Card systems ...................................... 4",
                 "4. Financial messaging ............................ 5",
                 "5. Outlook for 2026 ................................. 6"]:
        doc.add_paragraph(line)

    doc.add_heading("1. Summary", 1)
    doc.add_paragraph(
        "Settlements in roubles and rials reached 96 per cent of bilateral trade in 2025, "
        "up from 88 per cent in 2024, according to data from the Bank of Russia and the "
        "Central Bank of Iran. The partnership treaty signed in January 2025 commits the "
        "two countries to move to payments in national currencies, and the data suggest "
        "that this has largely happened.")

    doc.add_heading("2. National currencies", 1)
    doc.add_paragraph("The share of the main settlement currencies is shown in Table 1.")
    t = doc.add_table(rows=5, cols=3)
    t.style = "Table Grid"
    a = t.cell(0, 0).merge(t.cell(1, 0))
    a.text = "Settlement currency"
    b = t.cell(0, 1).merge(t.cell(0, 2))
    b.text = "Share of bilateral trade, %"
    t.cell(1, 1).text = "2024"
    t.cell(1, 2).text = "2025"
    for r, row in enumerate([("Roubles and rials", "88", "96"),
                             ("Chinese yuan", "7", "3"),
                             ("Other (UAE dirham, US dollar, euro)", "5", "1")], start=2):
        for c, val in enumerate(row):
            t.cell(r, c).text = val
    doc.add_paragraph("Table 1. Source: Bank of Russia, Central Bank of Iran; observatory calculations.")

    doc.add_heading("3. Card systems", 1)
    doc.add_paragraph(
        "Russian Mir cards have worked at Iranian cash machines since February 2025. "
        "The second phase of the link, under which Iranian Shetab cards will be accepted "
        "at Russian payment terminals, is scheduled for the third quarter of 2026, after "
        "being postponed twice.")

    doc.add_heading("4. Financial messaging", 1)
    doc.add_paragraph(
        "Instead of SWIFT, banks of the two countries exchange payment messages through "
        "the Bank of Russia's System for Transfer of Financial Messages (SPFS) and Iran's "
        "SEPAM system, which were linked in 2023. The number of connected banks is given "
        "in Table 2.")
    t2 = doc.add_table(rows=3, cols=3)
    t2.style = "Table Grid"
    for r, row in enumerate([("Indicator", "2024", "2025"),
                             ("Iranian banks connected to SPFS", "9", "14"),
                             ("Russian banks connected to SEPAM", "5", "8")]):
        for c, val in enumerate(row):
            t2.cell(r, c).text = val
    doc.add_paragraph("Table 2. Source: Bank of Russia.")

    doc.add_heading("5. Outlook for 2026", 1)
    doc.add_paragraph(
        "The main risks are secondary sanctions on banks that handle Iranian payments and "
        "the high cost of insuring Caspian cargo. We expect the national-currency share to "
        "stay above 90 per cent.")
    doc.add_paragraph("© 2025 Caspian Payments Observatory. Not for redistribution without "
                      "written permission.")
    doc.save(str(OUT / "payments-review-2025.docx"))


if __name__ == "__main__":
    make_pdf()
    make_docx()
