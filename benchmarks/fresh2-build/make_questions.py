import json
H="pipeline-article.html"; LB="duma-liveblog.txt"; FR="caspian-ferry-press-release.txt"; OP="corridor-oped.md"
W="mir-shetab-wire.txt"; EX="treaty-explainer.md"; TT="trade-table.txt"; CSV="trade-by-commodity.csv"
J="news-feed.json"; TR="roundtable-transcript.txt"; DX="military-faq.docx"; PDF="energy-brief.pdf"
Q=[]
def q(id, question, kind, sources, keys, history=None):
    d={"id":id,"question":question,"answerable":bool(sources),"kind":kind,"sources":sources,"keys":keys}
    if history: d["history"]=history
    Q.append(d)
# --- gas / pipeline
q("gas-initial","How much Russian gas per year is Iran supposed to get at first through the Azerbaijani route?","fact",[H,PDF],[["2 billion cubic metres","2 bcm"]])
q("gas-price-who","Who on the Iranian side said the two sides were still far from agreeing on a gas price?","who-said",[H],[["Farhad Mirzaei","Mirzaei"]])
q("gas-start-disagree","When are gas deliveries to Iran through Azerbaijan expected to begin? Do the sources give the same timing?","disagreement",[H,PDF],[["winter 2026"],["2027–28"]])
q("gas-ceiling-disagree","What's the most gas the route could eventually carry each year? I've seen different numbers quoted.","disagreement",[H,PDF],[["55 billion","55 bcm"],["35 billion"]])
q("gas-byline","Who is the reporter behind the Caspian Ledger piece on the gas deal?","fact",[H],[["Nadia Ferhadova"]])
q("nm-transit-fee","How much will Azerbaijan charge per thousand cubic metres for transiting the Russian gas?","near-miss",[],[])
# --- Duma live blog
q("duma-abstain","Did any Duma deputies abstain when the treaty was ratified, and how many?","fact",[LB],[["one abstention"]])
q("duma-votes-disagree","How many deputies in the Duma voted in favour of ratifying the treaty? Do the reports agree on the number?","disagreement",[LB,J],[["412"],["405"]])
q("duma-rudnev-defend","During the Duma session, did the first deputy foreign minister say Russia now has to defend Iran militarily?","yes/no",[LB],[["not an alliance"]])
q("fedcouncil-date","When was the Federation Council scheduled to look at the treaty?","date",[LB,EX],[["16 April"]])
q("embassy-reaction","How did the Iranian embassy in Moscow respond after the Duma approved the treaty?","who-said",[LB],[["from words to law"]])
q("nm-fedcouncil-votes","How many members of the Federation Council voted for the treaty?","near-miss",[],[])
q("nm-abstainer-name","What was the name of the deputy who abstained in the Duma vote?","near-miss",[],[])
# --- ferry
q("nm-ferry-teu","How many TEU containers fit on the Kapitan Rodionov?","near-miss",[],[])
q("typo-second-ship","wen does the secnd ship get added to the astrakhan anzali run??","typo",[FR],[["fourth quarter of 2025"]])
q("compound-ferry","When did the first ferry sail from Olya, and how long does the trip across take?","compound",[FR],[["12 May"],["52 hours"]])
# --- corridor op-ed / explainer
q("rasht-disagree","When will the Rasht–Astara rail link be finished? Is there agreement on the date?","disagreement",[EX,OP],[["2028"],["2031"]])
q("rasht-land","According to the Tehran think-tank fellow, how much of the land for the Rasht–Astara line had been acquired by spring?","fact",[OP],[["60 percent"]])
q("nm-india-rasht","How much money has India put into building the Rasht–Astara railway?","near-miss",[],[])
# --- banking wire
q("settlement-share","Which Iranian central banker claimed nearly all bilateral trade is settled in national currencies, and what share did he give?","who-said",[W],[["Mohsen Karimifar","Karimifar"],["95 percent"]])
q("nm-shetab-shops","On what date will Iranian Shetab cards start working in Russian shops?","near-miss",[],[])
q("typo-students","how many iranian studnets r studying in russian unis?","typo",[W],[["1,800"]])
# --- explainer
q("guardian-council","On what date did Iran's Guardian Council sign off on the treaty?","date",[EX],[["28 May 2025"]])
q("drones-mentioned","Is there anything in the treaty text about drones?","yes/no",[EX,J,DX],[["does not mention drones","does not name any weapons system"]])
# --- trade
q("iran-exports-2022","What was the value of Iran's exports to Russia in 2022?","table",[TT],[["1,220"]])
q("trade-2023-drop","By what percentage did total Russia–Iran trade shrink in 2023?","table",[TT],[["9.2"]])
q("grain-2024","What was Russia's grain export to Iran worth in 2024?","table",[CSV],[["1180"]])
q("fruitveg-share","What share of Iran's 2024 exports to Russia was fruit and vegetables?","table",[CSV],[["35.8"]])
q("trade-2024-disagree","What did Russia–Iran trade add up to in 2024? Are the figures consistent across sources?","disagreement",[TT,TR],[["4,810"],["4.3 billion"]])
q("nm-trade-2019","What was the total trade between Russia and Iran in 2019?","near-miss",[],[])
q("typo-grain-share","wat share of russias exports 2 iran is grain roughly","typo",[TT,CSV],[["roughly a third","33.3"]])
# --- reactions / json
q("typo-china","who's the chinese foriegn ministry spokesman who comented on the deal","typo",[J],[["Lin Haoran"]])
q("us-official","Which American official dismissed the pact as a club of sanctioned states?","who-said",[J],[["Daniel Whitcombe","Whitcombe"]])
q("nm-turkey","How did Turkey's government react to the Russia–Iran treaty?","near-miss",[],[])
# --- transcript / docx / pdf
q("insurance-panelist","On the Caspian Dialogue podcast, who summed up the treaty in one word as 'insurance'?","who-said",[TR],[["Gasimova"]])
q("su35-delivered","Have any Su-35 fighters actually been delivered to Iran?","yes/no",[DX,TR],[["no confirmed delivery","no evidence of deliveries"]])
q("casarex-ships","How many ships were involved in the joint naval drill in the Caspian in July 2025?","fact",[DX],[["Eleven","11"]])
q("nm-casarex-subs","How many submarines took part in CASAREX-2025?","near-miss",[],[])
q("nm-su35-advance","How much did Iran pay up front for the Su-35 jets?","near-miss",[],[])
q("bushehr-unit2","When could Bushehr's second unit start feeding power into the grid?","fact",[PDF],[["2029"]])
q("nm-bushehr-unit3","When is Bushehr unit 3 expected to be completed?","near-miss",[],[])
# --- follow-ups
q("fu-ferry-currency","And which currencies will they quote freight rates in?","follow-up",[FR],[["roubles and rials"]],
  [{"role":"user","content":"Who is running the new ferry between Astrakhan and Bandar Anzali?"},
   {"role":"assistant","content":"The service is run by Volga-Caspian Line, whose chief executive is Maxim Tolbukhin [caspian-ferry-press-release.txt]."}])
q("fu-dobrynina-role","What is her position at the bank?","follow-up",[W],[["deputy chairwoman"]],
  [{"role":"user","content":"Who called the card link the most tangible part of the partnership?"},
   {"role":"assistant","content":"Yelena Dobrynina of the Bank of Russia said it was \"the most tangible part of the partnership\" for ordinary people [mir-shetab-wire.txt]."}])
q("fu-switch-israel","Different topic: what did Israel say after Iran's parliament passed the treaty?","follow-up",[J],[["axis of convenience","Yael Mizrahi"]],
  [{"role":"user","content":"When did the Duma ratify the treaty?"},
   {"role":"assistant","content":"The State Duma ratified it on 8 April 2025 [duma-liveblog.txt]."}])
q("fu-oped-institute","Which institute does he work for?","follow-up",[OP],[["Alborz Institute"]],
  [{"role":"user","content":"Who wrote the op-ed arguing the Rasht–Astara line won't be ready before 2031?"},
   {"role":"assistant","content":"It was written by Reza Sadeghpour [corridor-oped.md]."}])
# --- long rambling
q("long-caspian-forces",
  "Hi, I'm a second-year master's student and I'm writing my thesis on security arrangements around the Caspian Sea. My supervisor keeps telling me that I rely too much on secondary literature and should go back to what the actual agreements say. I've already gone through the 2018 convention on the legal status of the Caspian and a pile of commentary about Kazakhstan and Azerbaijan courting Western partners, and I have a chapter on fisheries and the sturgeon collapse that is mostly done. What I'm struggling with now is the new Russian–Iranian document from January, because most of what I find online is about gas and railways and nobody seems to discuss the naval side properly. So my question, put simply: under this treaty, which countries are allowed to keep armed forces on the Caspian?",
  "long",[EX,DX,TR],[["Caspian states","littoral states"]])
q("long-duration",
  "Quick context before my question: I'm preparing a background note for our newsroom because we're running a series on sanctions-era partnerships, and I've already got material on the North Korea treaty from last year, on the payment-card link between the two central banks, and on the gas talks in Baku. My editor, who has been burned before by articles that claimed such deals were 'permanent', wants me to be precise about how long this one actually lasts, because there was confusion in an earlier draft where someone wrote that it was indefinite and someone else wrote ten years. I also need to be able to say in one line what happens at the end of the initial term without going into legal detail. So: how long is the Russia–Iran treaty valid for, and what happens when that period runs out?",
  "long",[EX,LB],[["20 years"],["five-year"]])
# --- compound
q("compound-ratif-law","When did the Russian president sign the ratification law, and how long was that after the Duma vote?","compound",[EX],[["21 April"],["8 April"]])
with open("/tmp/fresh2/questions.jsonl","w") as f:
    for d in Q: f.write(json.dumps(d,ensure_ascii=False)+"\n")
import collections
print(len(Q), collections.Counter(d["kind"] for d in Q), sum(not d["answerable"] for d in Q))
for d in Q:
    if d["kind"]=="long": print(d["id"], len(d["question"]))
