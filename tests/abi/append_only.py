"""append_only.py BASELINE.xml NEW.xml OUT.xml: NEW (abidw's XML) without
what a minor bump may add to the baseline: the fields of the sized structs
(pp_plugin_desc, pp_option_desc, pp_stage_desc, pp_host) at or past the end
of the baseline's struct, and the enumerators the baseline's enum lacks.
abidiff --harmless BASELINE OUT then reports every other change.  Prints
"appended" when something was taken out, "same" otherwise."""
import sys
import xml.etree.ElementTree as ET

SIZED = {"pp_plugin_desc", "pp_option_desc", "pp_stage_desc", "pp_host"}


def defined(root, tag, names=None):
    out = {}
    for e in root.iter(tag):
        name = e.get("name")
        if e.get("is-declaration-only") == "yes" or (names is not None and name not in names):
            continue
        out.setdefault(name, []).append(e)
    return out


def main(base_path, new_path, out_path):
    base, new = ET.parse(base_path), ET.parse(new_path)
    appended = False
    base_structs = {n: es[0] for n, es in defined(base.getroot(), "class-decl", SIZED).items()}
    for name, structs in defined(new.getroot(), "class-decl", SIZED).items():
        old = base_structs.get(name)
        if old is None:
            continue
        end = int(old.get("size-in-bits"))
        for s in structs:
            for m in list(s.findall("data-member")):
                if int(m.get("layout-offset-in-bits")) >= end:
                    s.remove(m)
                    appended = True
            if int(s.get("size-in-bits")) > end and not any(
                    int(m.get("layout-offset-in-bits")) >= end for m in s.findall("data-member")):
                s.set("size-in-bits", str(end))
    base_enums = {n: {x.get("name") for x in es[0].findall("enumerator")} for n, es in defined(base.getroot(), "enum-decl").items()}
    for name, enums in defined(new.getroot(), "enum-decl").items():
        if name not in base_enums:
            continue
        for e in enums:
            for x in list(e.findall("enumerator")):
                if x.get("name") not in base_enums[name]:
                    e.remove(x)
                    appended = True
    new.write(out_path)
    print("appended" if appended else "same")


if __name__ == "__main__":
    main(*sys.argv[1:4])
