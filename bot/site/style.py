"""The site's one stylesheet: large type, strong contrast, one column that fits a phone."""

CSS = """\
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --link: #0b4f9c;
  --won: #1e6b24; --line: #c9ccd1; --band: #f2f4f7; }
* { box-sizing: border-box; }
html { font-size: 112.5%; }
body { margin: 0; font-family: system-ui, "DejaVu Sans", sans-serif; line-height: 1.55;
  color: var(--ink); background: #fff; overflow-wrap: break-word; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
.skip { position: absolute; left: -999em; }
.skip:focus { position: static; display: block; padding: 0.5rem 1rem; background: var(--band); }
header, main, footer { max-width: 50rem; margin: 0 auto; padding: 0 1rem; }
header { border-bottom: 1px solid var(--line); padding-top: 0.75rem; }
.site-name { font-weight: 700; margin: 0 0 0.25rem; }
.site-name a { color: var(--ink); text-decoration: none; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 0.25rem 1rem; }
nav a { display: inline-block; padding: 0.35rem 0; }
nav a[aria-current="page"] { font-weight: 700; color: var(--ink); }
.lang { margin: 0.25rem 0 0.75rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1.25rem 0 0.75rem; }
h2 { font-size: 1.45rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.35rem; }
article { border-top: 1px solid var(--line); padding-bottom: 0.5rem; }
img { max-width: 100%; height: auto; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; margin: 0.5rem 0; }
dt { font-weight: 700; }
dd { margin: 0; }
.table { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.45rem 0.4rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--band); }
.num { text-align: right; white-space: nowrap; }
.won { color: var(--won); font-weight: 700; }
.muted { color: var(--muted); font-weight: 400; }
.status { background: var(--band); border-left: 4px solid var(--link); padding: 0.75rem 1rem; }
progress { width: 100%; max-width: 20rem; height: 1rem; }
footer { border-top: 1px solid var(--line); margin-top: 2.5rem; color: var(--muted);
  padding-bottom: 2rem; }
"""
