"""How the system cites the measures (内人社办发〔2025〕196号): every article and item label, typed once.

UI, API, findings, transitions and obligations cite these strings (第N条 / 第N条第（k）项), never their own copies.
"""

ART2 = "第二条"
ART3 = "第三条"
ART5 = "第五条"
ART6 = "第六条"
ART7 = "第七条"
ART8 = "第八条"
ART9 = ("第九条第（一）项", "第九条第（二）项", "第九条第（三）项", "第九条第（四）项", "第九条第（五）项")
ART9_5 = ART9[4]
ART10 = "第十条"
ART11 = "第十一条"
ART11_1 = "第十一条第（一）项"
ART11_2 = "第十一条第（二）项"
ART11_3 = "第十一条第（三）项"
ART12 = "第十二条"
ART13 = "第十三条"
ART13_1 = "第十三条第（一）项"
ART13_2 = "第十三条第（二）项"
ART14 = "第十四条"
ART15 = "第十五条"
ART16 = "第十六条"
ART17 = "第十七条"
ART18 = "第十八条"
ART19 = "第十九条"
ART20 = "第二十条"
ART21 = "第二十一条"
ART22 = "第二十二条"
ART23 = "第二十三条"
ART24 = "第二十四条"
ART25 = "第二十五条"
