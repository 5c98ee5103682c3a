/** The console's stylesheet, served as `/assets/console.css` (kept in code so the built service carries it). */
export const CONSOLE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2933;
  background: #f5f7fa; font-size: 14px; }
nav.top { display: flex; align-items: center; gap: 1.2em; padding: .6em 1.5em; background: #1d3557; color: #fff; }
nav.top a { color: #dbe7f5; text-decoration: none; }
nav.top a.active { color: #fff; font-weight: bold; border-bottom: 2px solid #fff; }
nav.top .brand { font-weight: bold; margin-right: 1em; }
nav.top .who { margin-left: auto; color: #dbe7f5; }
nav.top form.logout button { background: transparent; color: #fff; border: 1px solid #dbe7f5; cursor: pointer; }
main { padding: 1em 1.5em; }
h1 { font-size: 1.4em; margin: .2em 0 .8em; }
h2 { font-size: 1.1em; margin: 1.4em 0 .5em; }
form.filters { display: flex; flex-wrap: wrap; gap: .8em; align-items: end; margin-bottom: 1em; }
form.filters label, form.login label, form.status label { display: flex; flex-direction: column; gap: .2em; }
form.login { max-width: 22em; display: flex; flex-direction: column; gap: .8em; background: #fff; padding: 1.5em;
  border: 1px solid #d9e2ec; }
input, select, textarea, button { font: inherit; padding: .3em .5em; }
button { cursor: pointer; background: #1d3557; color: #fff; border: 0; border-radius: 3px; padding: .4em 1em; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { border: 1px solid #d9e2ec; padding: .35em .6em; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
td.id, dd.id { font-family: monospace; }
.error { color: #9b1c1c; background: #fdecec; border: 1px solid #f5b5b5; padding: .5em .8em; }
.hint, .empty, .none { color: #616e7c; }
.count { display: flex; gap: 1.5em; align-items: baseline; }
.pager { display: flex; gap: 1em; margin: 1em 0; }
.case { padding: 0 .4em; border-radius: 3px; }
.case-new { background: #fff3c4; }
.case-investigating { background: #dbeafe; }
.case-referred { background: #fde2e2; font-weight: bold; }
.badge.withdrawn, dd.withdrawn { background: #e5e7eb; color: #374151; padding: 0 .4em; border-radius: 3px; }
.withdrawn[role=status] { background: #f3f4f6; padding: .5em; }
.case-dismissed { background: #e4e7eb; }
.case-closed { background: #d1fae5; }
section.lead { display: flex; flex-wrap: wrap; gap: 2em; }
dl.fields { display: grid; grid-template-columns: 7em auto; gap: .3em 1em; margin: 0; background: #fff;
  padding: 1em; border: 1px solid #d9e2ec; }
dl.fields dt { color: #616e7c; }
dl.fields dd { margin: 0; }
form.status { display: flex; flex-direction: column; gap: .6em; min-width: 20em; }
form.status .buttons { display: flex; gap: .6em; }
section.evidence { background: #fff; border: 1px solid #d9e2ec; padding: .6em 1em; overflow-wrap: anywhere; }
section.evidence dl { margin: 0; display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
section.evidence dt { color: #616e7c; }
section.evidence dd { margin: 0; }
.chart { width: 100%; height: 320px; background: #fff; border: 1px solid #d9e2ec; }
.reminder { background: #fff3c4; border: 1px solid #f0d264; padding: .5em .8em; }
table.progress { width: auto; }
table.progress th, table.progress td { vertical-align: middle; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
form.progress-figures { display: flex; flex-direction: column; gap: .6em; max-width: 60em; }
form.progress-figures fieldset { display: flex; flex-wrap: wrap; gap: .5em 1.2em; background: #fff; border: 1px solid #d9e2ec; }
form.progress-figures label { display: flex; flex-direction: column; gap: .2em; }
form.progress-figures input { width: 12em; }
form.progress-figures .sub { align-self: center; color: #616e7c; }
`;
