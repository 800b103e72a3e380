"""Write the held-out corpus's PDF, `benchmarks/articles/rasht-astara-project-brief.pdf`.

A two-page project brief as a research outfit would publish it: a running header and
footer on each page (page furniture), prose on page 1, and on page 2 a small table laid
out as text lines (label and value cells side by side, no ruled grid), so that its
figures are answerable only from the table's rows.

Run from the project root with the main environment (fpdf2 writes, pypdf reads back):

    /work/main/.venv/bin/python -m benchmarks.make_articles_pdf

The creation date is fixed, so the same code writes the same file.
"""
from __future__ import annotations

import datetime as dt
import pathlib

from fpdf import FPDF

OUT = pathlib.Path(__file__).parent / "articles" / "rasht-astara-project-brief.pdf"

PAGE_1 = [
    "The Rasht-Astara line is the last missing rail link on the western branch of the "
    "International North-South Transport Corridor. Russia and Iran signed an "
    "intergovernmental agreement on its construction on 17 May 2023, under which Russia "
    "lends Iran 1.3 billion euros towards the cost.",
    "Russian Railways is responsible for the design; Iranian state contractors build the "
    "earthworks and structures. The route runs along the Caspian coastal plain of Gilan "
    "province, where small land holdings have made buying the right of way slow.",
    "The comprehensive strategic partnership treaty signed on 17 January 2025 lists the "
    "corridor among the parties' priorities but does not set a date for the line's "
    "completion. Section 2 gives the project's key figures as stated by the two "
    "governments.",
]

KEY_FIGURES = [  # (item, value): the table of page 2, one row per line
    ("Line length", "162 km"),
    ("Design speed, passenger trains", "160 km/h"),
    ("Design speed, freight trains", "120 km/h"),
    ("Freight capacity, first phase", "15 million tonnes a year"),
    ("Russian state loan", "EUR 1.3 billion"),
    ("Estimated total cost", "EUR 1.6 billion"),
]


class Brief(FPDF):
    """A page with the publisher's running header and footer."""

    def header(self) -> None:
        self.set_font("helvetica", size=8)
        self.cell(0, 6, "Eurasian Transport Observatory | Project brief No. 7 | March 2025",
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=8)
        self.cell(0, 6, f"etobservatory.example - page {self.page_no()} of {{nb}} - "
                  "published under CC BY 4.0", align="C")


def write(out: pathlib.Path = OUT) -> pathlib.Path:
    pdf = Brief()
    pdf.set_title("Rasht-Astara railway: financing and key figures")
    pdf.set_author("Eurasian Transport Observatory")
    pdf.set_creation_date(dt.datetime(2025, 3, 14, 9, 0, tzinfo=dt.timezone.utc))

    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=15)
    pdf.multi_cell(0, 8, "Rasht-Astara railway: financing and key figures",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 6, "1. Background", new_x="LMARGIN", new_y="NEXT")
    for paragraph in PAGE_1:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 6, "2. Key figures", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("helvetica", style="B", size=10)
    pdf.cell(90, 6, "Item")
    pdf.cell(0, 6, "Value", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    for item, value in KEY_FIGURES:
        pdf.cell(90, 6, item)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", style="I", size=9)
    pdf.multi_cell(0, 5, "Sources: intergovernmental agreement of 17 May 2023; statements by "
                   "Iran's Ministry of Roads and Urban Development.", new_x="LMARGIN", new_y="NEXT")

    pdf.output(str(out))
    return out


if __name__ == "__main__":
    print(write())
