from docx import Document
from docx.shared import Pt
from fpdf import FPDF

# ---------- DOCX: FAQ on military cooperation ----------
d = Document()
d.add_heading("Military cooperation under the Russia–Iran treaty: frequently asked questions", 0)
d.add_paragraph("Centre for Caspian Security Studies · Briefing series no. 14 · 15 August 2025")
d.add_paragraph("Prepared by Dr. Tamara Oganesyan, with research assistance from Javad Rostami.")

faq = [
 ("Does the treaty oblige Russia to fight for Iran, or Iran for Russia?",
  "No. There is no mutual-defence clause. If one side is attacked, the other undertakes only not to give the aggressor military or other help. This is a much weaker commitment than the one in Russia's 2024 treaty with North Korea."),
 ("What military cooperation does the treaty actually provide for?",
  "It provides for joint exercises, port calls by warships, training of military personnel and regular exchanges of military delegations. It also calls for consultations between the two defence ministries at least once a year."),
 ("Has there been a joint exercise since the treaty was signed?",
  "Yes. The Russian and Iranian navies held the CASAREX-2025 exercise in the Caspian Sea from 21 to 23 July 2025. Eleven ships and two helicopters took part, practising search and rescue and anti-piracy drills off the port of Bandar Anzali."),
 ("Have Su-35 fighter jets been delivered to Iran?",
  "There is no confirmed delivery as of August 2025. Iranian officials have repeatedly said an order exists, and satellite imagery analysts have reported hangar construction at Hamadan air base, but no Su-35 has been seen in Iranian markings."),
 ("Does the treaty mention drones or missiles?",
  "No. The text does not name any weapons system. Transfers of drones and missiles that took place before the treaty were not governed by it."),
 ("Is Iran now a member of the CSTO?",
  "No. Iran is not a member of the Collective Security Treaty Organization, and the treaty with Russia does not change that."),
 ("Who can deploy military forces on the Caspian Sea?",
  "Only the five Caspian littoral states: Russia, Iran, Azerbaijan, Kazakhstan and Turkmenistan. The treaty restates a principle first agreed in the 2018 Caspian convention."),
]
for q, a in faq:
    p = d.add_paragraph()
    r = p.add_run("Q: " + q); r.bold = True
    d.add_paragraph("A: " + a)

d.add_heading("Joint Russian–Iranian naval activity, 2024–2025", level=2)
t = d.add_table(rows=1, cols=4)
t.style = "Table Grid"
hdr = t.rows[0].cells
for i, h in enumerate(["Activity", "Dates", "Location", "Ships"]):
    hdr[i].text = h
for row in [
    ("Search-and-rescue drill", "October 2024", "Off Bandar Anzali", "6"),
    ("Port call, Russian corvette", "March 2025", "Bandar Abbas", "1"),
    ("CASAREX-2025", "21–23 July 2025", "Caspian Sea, off Bandar Anzali", "11"),
]:
    cells = t.add_row().cells
    for i, v in enumerate(row):
        cells[i].text = v
d.add_paragraph("This briefing reflects the views of its author, not of the Centre.")
d.save("/tmp/fresh2/sources/military-faq.docx")

# ---------- PDF: energy briefing ----------
pdf = FPDF()
pdf.set_margins(20, 20, 20)
pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
pdf.add_font("DejaVu", "B", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
pdf.add_page()
pdf.set_font("DejaVu", "B", 15)
pdf.multi_cell(0, 8, "Energy cooperation under the Russia–Iran treaty: what to expect", new_x="LMARGIN", new_y="NEXT")
pdf.ln(2)
pdf.set_font("DejaVu", "", 9)
pdf.multi_cell(0, 5, "Kestrel Energy Analytics · Client briefing · 10 April 2025 · Author: Dr. Helena Marsh", new_x="LMARGIN", new_y="NEXT")
pdf.ln(4)
paras = [
 ("Summary", None),
 (None, "The treaty's energy articles give political cover to three projects: Russian pipeline gas for northern Iran, further nuclear construction at Bushehr, and oil swaps. We expect the gas project to move slowest because of unresolved pricing."),
 ("1. Gas via Azerbaijan", None),
 (None, "Deliveries are planned to start at 2 billion cubic metres a year through Azerbaijan's existing network. Our engineering review puts the realistic ceiling of a future dedicated route at 35 billion cubic metres a year, well below the higher numbers cited by Russian officials, because Iran's northern grid cannot absorb more without new storage."),
 (None, "We assume first gas no earlier than the 2027–28 heating season, a year later than the official target."),
 ("2. Nuclear", None),
 (None, "Rosatom is building units 2 and 3 of the Bushehr nuclear power plant. Kestrel expects unit 2 to be connected to the grid in 2029 at the earliest. The treaty refers to cooperation in the peaceful use of nuclear energy but contains no new construction commitments."),
 ("3. Oil swaps", None),
 (None, "Under swap arrangements, Russian crude delivered to Iran's Caspian ports is matched by equivalent Iranian cargoes loaded in the Gulf for Russian customers. We estimate swap volumes at up to 30,000 barrels per day in 2025."),
 ("Risks", None),
 (None, "Sanctions remain the main risk to financing. Payment in roubles and rials limits the pool of equipment suppliers."),
]
for h, body in paras:
    if h:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, h, new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5.5, body, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
pdf.set_y(-25)
pdf.set_font("DejaVu", "", 7)
pdf.multi_cell(0, 4, "Confidential — for clients of Kestrel Energy Analytics. Not for redistribution. Page 1 of 1", new_x="LMARGIN", new_y="NEXT")
pdf.output("/tmp/fresh2/sources/energy-brief.pdf")
print("done")
