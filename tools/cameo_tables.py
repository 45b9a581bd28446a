#!/usr/bin/env python3
"""Generate data/events/cameo.tsv: every CAMEO event code with its English name,
PLOVER event type, QuadClass and Goldstein score.

    python3 tools/cameo_tables.py [--sources /work/shared/data/kb-sources] [--out data/events/cameo.tsv]

Inputs (never copied into the repository):
  cameo/cameo.csv                  CAMEO 1.1b3 codes and names (tenthe/CAMEO-Event-Data-Codebook)
  plover/CAMEO2PLOVER-2021.txt     the CAMEO -> PLOVER crosswalk of the PLOVER manual (CC BY-SA 4.0)

The Goldstein (1992) values are the ones GDELT 1.0/2.0 attach to CAMEO codes
(CAMEO.goldsteinscale.txt); they are written out below from that table as the
project remembers it, with a per-row note of how sure the value is
(see data/events/README.md).  Python 3 standard library only; output is deterministic.
"""
import argparse
import csv
import os
import re
import sys

PLOVER_TYPES = ("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE "
                "REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT").split()

# Goldstein scale as used by GDELT for the 2-/3-digit CAMEO codes (and the few
# 4-digit codes whose GDELT value differs from their parent's).
GOLDSTEIN = {
    "010": 0.0, "011": -0.1, "012": -0.4, "013": 0.4, "014": 0.0, "015": 0.0,
    "016": -2.0, "017": 0.0, "018": 3.4, "019": 3.4,
    "020": 3.0, "021": 3.4, "022": 3.2, "023": 3.4, "024": -0.3, "025": -0.3,
    "026": 4.0, "027": 4.0, "028": 4.0,
    "030": 4.0, "031": 5.2, "032": 4.5, "033": 5.2, "034": 7.0, "035": 7.0,
    "036": 4.0, "037": 5.0, "038": 7.0, "039": 5.0,
    "040": 1.0, "041": 1.0, "042": 1.9, "043": 2.8, "044": 2.5, "045": 5.0, "046": 7.0,
    "050": 3.5, "051": 3.4, "052": 3.5, "053": 3.8, "054": 6.0, "055": 7.0,
    "056": 7.0, "057": 8.0,
    "060": 6.0, "061": 6.4, "062": 7.4, "063": 7.4, "064": 7.0,
    "070": 7.0, "071": 7.4, "072": 8.3, "073": 7.4, "074": 8.5, "075": 7.0,
    "080": 5.0, "081": 5.0, "082": 5.0, "083": 5.0, "084": 7.0, "085": 7.0,
    "086": 9.0, "087": 9.0,
    "090": -2.0, "091": -2.0, "092": -2.0, "093": -2.0, "094": -2.0,
    "100": -5.0, "101": -5.0, "102": -5.0, "103": -5.0, "104": -5.0, "105": -5.0,
    "106": -5.0, "107": -5.0, "108": -5.0,
    "110": -2.0, "111": -2.0, "112": -2.0, "113": -2.0, "114": -2.0, "115": -2.0,
    "116": -2.0,
    "120": -4.0, "121": -4.0, "122": -4.0, "123": -4.0, "124": -5.0, "125": -5.0,
    "126": -5.0, "127": -5.0, "128": -5.0, "129": -5.0,
    "130": -4.4, "131": -5.8, "132": -5.8, "133": -5.8, "134": -5.8, "135": -5.8,
    "136": -7.0, "137": -7.0, "138": -7.0, "139": -7.0,
    "140": -6.5, "141": -6.5, "142": -6.5, "143": -6.5, "144": -7.5, "145": -7.5,
    "150": -7.2, "151": -7.2, "152": -7.2, "153": -7.2, "154": -7.2,
    "160": -4.0, "161": -4.0, "162": -5.6, "163": -8.0, "164": -7.0, "165": -7.0,
    "166": -7.0,
    "170": -7.0, "171": -9.2, "172": -5.0, "173": -5.0, "174": -5.0, "175": -9.0,
    "180": -9.0, "181": -9.0, "182": -9.5, "183": -10.0, "184": -8.0, "185": -8.0,
    "186": -10.0,
    "190": -10.0, "191": -9.5, "192": -9.5, "193": -10.0, "194": -10.0, "195": -10.0,
    "196": -9.5,
    "200": -10.0, "201": -9.5, "202": -10.0, "203": -10.0, "204": -10.0,
    # 4-digit codes whose GDELT value differs from the parent's
    "0334": 6.0, "0874": 10.0, "1821": -9.0, "1822": -9.0, "1823": -10.0,
}

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation",
              3: "verbal conflict", 4: "material conflict"}


def quad_class(root):
    r = int(root)
    if 1 <= r <= 5:
        return 1
    if 6 <= r <= 8:
        return 2
    if 9 <= r <= 13:
        return 3
    return 4


def read_cameo(path):
    codes = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            if not row or not row[0].strip():
                continue
            code = row[0].strip()
            if not re.fullmatch(r"\d{2,4}", code):
                continue
            name = ",".join(row[1:]).strip()
            name = name.replace("\u201d", "'").replace("\u201c", "'")
            name = re.sub(r"-\s*not specified below", ", not specified below", name)
            codes[code] = name
    return codes


def read_crosswalk(path):
    """Return (code -> PLOVER type, code -> comment) from CAMEO2PLOVER."""
    plover, comment = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(.*)$", line.rstrip("\n"))
            if not m:
                continue
            code, typ, rest = m.groups()
            if typ not in PLOVER_TYPES:
                sys.exit("cameo_tables: unknown PLOVER type %r for %s" % (typ, code))
            if code not in plover:  # first occurrence wins (08: CONCEDE before 08: RETREAT)
                plover[code] = typ
                if "#" in rest:
                    comment[code] = rest.split("#", 1)[1].strip()
    return plover, comment


def ancestors(code):
    """Nearest first: 4-digit -> 3-digit -> root; 3-digit -> root."""
    out = []
    if len(code) == 4:
        out.append(code[:3])
    if len(code) >= 3:
        out.append(code[:2])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", default="/work/shared/data/kb-sources")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "events", "cameo.tsv"))
    args = ap.parse_args()

    names = read_cameo(os.path.join(args.sources, "cameo", "cameo.csv"))
    plover, xcomment = read_crosswalk(os.path.join(args.sources, "plover", "CAMEO2PLOVER-2021.txt"))

    # codes the crosswalk lists but the codebook file lacks (1213, 1214)
    extra_names = {}
    for code, typ in plover.items():
        if code not in names and len(code) >= 3:
            extra_names[code] = xcomment.get(code, "")
    all_codes = sorted(set(names) | set(extra_names))

    rows = []
    for code in all_codes:
        root = code[:2]
        name = names.get(code) or extra_names[code]
        name_src = "codebook" if code in names else "plover-crosswalk"
        # PLOVER type
        if code in plover:
            ptype, psrc = plover[code], "crosswalk"
        elif root in ("01", "02"):
            ptype, psrc = "", "dropped"
        else:
            ptype, psrc = "", "none"
            for a in ancestors(code):
                if a in plover:
                    ptype, psrc = plover[a], "inherited:" + a
                    break
        # Goldstein
        if len(code) == 2:
            g, gsrc = GOLDSTEIN[code + "0"], "general"
        elif code in GOLDSTEIN:
            g, gsrc = GOLDSTEIN[code], "gdelt"
        elif len(code) == 4 and code[:3] in GOLDSTEIN:
            g, gsrc = GOLDSTEIN[code[:3]], "parent"
        else:
            g, gsrc = GOLDSTEIN[root + "0"], "root"
        rows.append((code, root, name, ptype, psrc, str(quad_class(root)),
                     "%.1f" % g, gsrc, name_src))

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# generated by tools/cameo_tables.py \u2014 do not edit\n")
        f.write("# sources: CAMEO 1.1b3 codebook (cameo.csv); PLOVER CAMEO2PLOVER-2021 crosswalk "
                "(CC BY-SA 4.0); Goldstein (1992) values as used by GDELT\n")
        f.write("code\troot\tname\tplover\tplover_source\tquad\tgoldstein\tgoldstein_source\tname_source\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    by_src = {}
    for r in rows:
        by_src[r[7]] = by_src.get(r[7], 0) + 1
    print("cameo_tables: %d codes -> %s (goldstein: %s)" % (
        len(rows), os.path.relpath(args.out),
        ", ".join("%s %d" % kv for kv in sorted(by_src.items()))), file=sys.stderr)


if __name__ == "__main__":
    main()
