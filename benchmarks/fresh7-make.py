#!/usr/bin/env python3
"""Build the binary sources of benchmarks/fresh7/: the working-paper PDF (fpdf2) and the
Word review with real footnotes and endnotes (python-docx plus hand-written parts).

    /work/main/.venv/bin/python benchmarks/fresh7-make.py
"""
from __future__ import annotations

import pathlib

from fpdf import FPDF

OUT = pathlib.Path(__file__).resolve().parent / "fresh7"
FONT = "/usr/share/fonts/truetype/dejavu/"


# --------------------------------------------------------------------------- PDF
class Paper(FPDF):
    def header(self):
        if self.page_no() == 1:
            return
        self.set_font("DejaVu", "I", 8)
        self.cell(0, 6, "ICS Working Paper 25/07 · Delkhosh & Ignatov · Between partnership and alliance",
                  align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", "", 9)
        self.cell(0, 8, str(self.page_no()), align="C")


def para(pdf: Paper, text: str, size: float = 10.5, style: str = "", after: float = 3):
    pdf.set_font("DejaVu", style, size)
    pdf.multi_cell(0, 5.4, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)


def heading(pdf: Paper, text: str):
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def make_pdf():
    pdf = Paper(format="A4")
    pdf.add_font("DejaVu", "", FONT + "DejaVuSerif.ttf")
    pdf.add_font("DejaVu", "B", FONT + "DejaVuSerif-Bold.ttf")
    pdf.add_font("DejaVu", "I", FONT + "DejaVuSerif-Italic.ttf")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=22)

    # page 1
    pdf.add_page()
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 5, "INSTITUTE FOR CASPIAN STUDIES · WORKING PAPER SERIES · No. 25/07 · NOVEMBER 2025",
             new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, "Draft — please do not cite without the authors' permission", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 17)
    pdf.multi_cell(0, 8, "Between partnership and alliance: military-technical cooperation under the 2025 Russia–Iran treaty",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    para(pdf, "Sara Delkhosh (Institute for Caspian Studies) and Pavel Ignatov (Volga Centre for Security Research)",
         size=10.5, style="I", after=6)
    para(pdf, "Abstract", size=11, style="B", after=1)
    para(pdf, "The comprehensive strategic partnership treaty signed by Presidents Putin and Pezeshkian on 17 January "
              "2025 is often described as an alliance. We argue that it is better read as an institutional framework "
              "for military-technical cooperation that stops short of collective defence. We trace the first year of "
              "implementation through three channels: the new bilateral commission, naval activity in the Caspian and "
              "the civil nuclear file.", size=10, after=3)
    para(pdf, "Keywords: Russia; Iran; strategic partnership; Caspian Sea; arms transfers; nuclear energy",
         size=9.5, style="I", after=6)
    heading(pdf, "1. Introduction")
    para(pdf, "Treaties between Moscow and Tehran have a long and uneven history. The 2001 treaty on the basis of "
              "relations was renewed automatically for decades without much content (Volkova 2025). The 2025 treaty, "
              "concluded for twenty years, is longer and more specific, but its security provisions remain cautious. "
              "The treaty contains no mutual-defence clause; each party undertakes only not to assist an aggressor "
              "against the other (Karimi 2024; Volkova 2025).")
    para(pdf, "This paper asks what the treaty has changed in practice. Section 2 examines the institutions of "
              "military-technical cooperation, Section 3 the Caspian, and Section 4 the nuclear file, where press "
              "reporting has run ahead of the documents.")

    # page 2
    pdf.add_page()
    heading(pdf, "2. Institutions of military-technical cooperation")
    para(pdf, "The treaty provides for a standing commission on military-technical cooperation. Its first session "
              "took place in Sochi on 19–20 May 2025, chaired on the Russian side by a deputy defence minister "
              "(Ignatov 2025). The session approved a work plan but, according to participants we interviewed, no "
              "new supply contracts.")
    para(pdf, "Training is the most visible output so far. Iran sent 36 officers to Russian staff colleges in the "
              "2025/26 academic year, up from 21 a year earlier. Claims of large aircraft or air-defence deliveries "
              "(e.g. Nouri 2025) have not been confirmed by either government, and we found no evidence of them.")
    heading(pdf, "3. The Caspian dimension")
    para(pdf, "Naval cooperation on the Caspian predates the treaty, but the treaty has given it a regular rhythm. "
              "The exercise CASPIAN SHIELD-2025, held in August 2025 off Bandar Anzali, involved nine ships — six "
              "Iranian and three Russian — and rehearsed search and rescue and the inspection of suspect vessels "
              "(Rahnama 2025). Larger figures circulated in the media appear to count auxiliary craft and boats.")
    para(pdf, "The littoral states' 2018 convention bars non-Caspian navies from the sea, which limits the "
              "exercise's relevance to third parties but makes the Caspian a convenient, low-risk training ground.")

    # page 3
    pdf.add_page()
    heading(pdf, "4. The nuclear file")
    para(pdf, "The treaty lists the peaceful use of nuclear energy among its fields of cooperation, and the "
              "Makran project on Iran's southern coast has been presented as its flagship. Contrary to press reports "
              "(Salehi 2025), no construction contract for the Makran plant had been concluded by November 2025. "
              "What the two sides signed in Tehran on 2 October was a non-binding roadmap, which leaves financing and "
              "the reactor design to a later agreement (AEOI 2025).")
    para(pdf, "The distinction matters. Russia's experience at Bushehr, where construction took decades, suggests "
              "that roadmaps are easily signed and slowly executed.")
    heading(pdf, "5. Conclusion")
    para(pdf, "One year on, the treaty has produced institutions, exercises and training places rather than "
              "alliance commitments. Its significance lies in making cooperation routine over a twenty-year horizon. "
              "Whether that routine produces more than the sum of its memorandums is a question for the next "
              "review of this series.")

    # page 4
    pdf.add_page()
    heading(pdf, "References")
    refs = [
        "AEOI (2025). Statement on the Makran nuclear power project. Tehran: Atomic Energy Organisation of Iran, 2 October.",
        "Ignatov, P. (2025). The first session of the bilateral military-technical commission. Volga Security Notes 4: 1–6.",
        "Karimi, H. (2024). Russia's promise of S-400 batteries to Iran. Tehran Strategic Review 12(3): 44–61.",
        "Nouri, F. (2025). Iran to receive 50 Su-35 fighters by 2026. Meridian News, 3 March.",
        "Rahnama, S. (2025). Naval diplomacy on a closed sea. Caspian Affairs 9(2): 101–118.",
        "Salehi, D. (2025). Iran and Russia sign $8.5bn contract for Makran nuclear plant. Gulf & Caspian Post, 2 October.",
        "Volkova, E. (2025). From the 2001 treaty to the 2025 treaty: continuity and change. Moscow: Eurasia Press.",
    ]
    for r in refs:
        para(pdf, r, size=9.5, after=2)
    pdf.ln(6)
    para(pdf, "ICS Working Papers present research in progress. They have not been peer-reviewed. "
              "© Institute for Caspian Studies, 2025.", size=8.5, style="I")
    pdf.output(str(OUT / "ics-working-paper-25-07.pdf"))


# -------------------------------------------------------------------------- DOCX
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def notes_part(kind: str, notes: dict[int, str]) -> bytes:
    tag = "footnote" if kind == "footnotes" else "endnote"
    ref = "footnoteRef" if kind == "footnotes" else "endnoteRef"
    style = "FootnoteText" if kind == "footnotes" else "EndnoteText"
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind} xmlns:w="{W}">',
             f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>',
             f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>']
    for nid, text in notes.items():
        parts.append(
            f'<w:{tag} w:id="{nid}"><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{ref}/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{tag}>')
    parts.append(f"</w:{kind}>")
    return "".join(parts).encode("utf-8")


def add_note_ref(paragraph, kind: str, nid: int):
    from docx.oxml import parse_xml
    tag = "footnoteReference" if kind == "footnotes" else "endnoteReference"
    run = parse_xml(f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:{tag} w:id="{nid}"/></w:r>')
    paragraph._p.append(run)


def make_docx():
    import docx
    from docx.enum.text import WD_COLOR_INDEX
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    doc = docx.Document()
    doc.add_paragraph("Centre for Eurasian Cultural Exchange · Annual review series · No. 4")
    doc.add_heading("The humanitarian track: education, culture and tourism under the Russia–Iran treaty", 0)
    doc.add_paragraph("Review of 2025 · prepared by Anahita Kazemi and Oleg Sverdlov · draft of 15 January 2026")

    doc.add_heading("1. Why the humanitarian track matters", 1)
    doc.add_paragraph(
        "The comprehensive strategic partnership treaty signed on 17 January 2025 devotes several articles to "
        "education, science, culture and tourism. These chapters receive little attention abroad, but they are "
        "where the treaty touches the largest number of people.")

    doc.add_heading("2. Students and universities", 1)
    doc.add_paragraph(
        "In the 2024/25 academic year 9,100 Iranian citizens were studying at Russian universities, according to "
        "the Russian Ministry of Science. Medicine and engineering remain the most popular subjects.")
    p = doc.add_paragraph("Reviewer note: the embassy quoted 12,000 students at its October reception — check which "
                          "figure is right before this goes out. (AK)")
    for r in p.runs:
        r.italic = True
        r.font.highlight_color = WD_COLOR_INDEX.YELLOW
    p = doc.add_paragraph("Russia also increased the number of places it funds for Iranian applicants.")
    add_note_ref(p, "footnotes", 1)
    p = doc.add_paragraph("A language centre named after Leo Tolstoy opened at Shiraz University in the autumn.")
    add_note_ref(p, "endnotes", 1)

    doc.add_heading("3. Culture", 1)
    doc.add_paragraph(
        "Days of Russian Cinema were held in Tehran, Isfahan and Mashhad in October 2025, with 14 films shown, "
        "most of them with Persian subtitles prepared for the occasion. A return festival of Iranian cinema is "
        "planned for Moscow and Kazan in 2026.")

    doc.add_heading("4. Tourism", 1)
    p = doc.add_paragraph(
        "Russian visitors to Iran rose to 61,000 in 2025, helped by the acceptance of Mir cards and by new direct "
        "flights.")
    add_note_ref(p, "footnotes", 2)

    doc.add_heading("5. Outlook", 1)
    doc.add_paragraph(
        "The treaty's twenty-year horizon favours slow instruments such as scholarships and language teaching. "
        "The review recommends publishing enrolment data every year.")
    doc.add_paragraph("© Centre for Eurasian Cultural Exchange, 2026. Not for circulation.")

    fn = notes_part("footnotes", {
        1: "For 2025/26 the Russian government allocated 700 state-funded places to Iranian citizens.",
        2: "Border statistics; the figure counts entries, not individual persons.",
    })
    en = notes_part("endnotes", {
        1: "The Tolstoy Language Centre at Shiraz University opened on 4 September 2025 with 120 students in its first intake.",
    })
    pkg = doc.part.package
    fpart = Part(PackURI("/word/footnotes.xml"),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", fn, pkg)
    epart = Part(PackURI("/word/endnotes.xml"),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml", en, pkg)
    doc.part.relate_to(fpart, RT.FOOTNOTES)
    doc.part.relate_to(epart, RT.ENDNOTES)
    doc.save(str(OUT / "humanitarian-track-review-2025.docx"))


if __name__ == "__main__":
    make_pdf()
    make_docx()
    print("built", sorted(p.name for p in OUT.iterdir()))
