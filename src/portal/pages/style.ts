/** The portal's one stylesheet, served as /assets/portal.css (the pages' policy allows no inline style). */
export const PORTAL_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif;color:#1f2933;background:#f4f6f8}
header.top{background:#12355b;color:#fff;display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.2rem;padding:.6rem 1.2rem}
header.top .brand{font-weight:700;margin-right:1rem}
header.top nav a{color:#dbe8f6;text-decoration:none;padding:.2rem .5rem;border-radius:4px}
header.top nav a.current,header.top nav a:hover{background:#1f4f82;color:#fff}
header.top .who{margin-left:auto;font-size:.9rem;color:#dbe8f6}
header.top form{display:inline;margin:0}
header.top button{background:none;border:1px solid #8fb3d9;color:#fff;border-radius:4px;padding:.1rem .6rem;cursor:pointer}
main{max-width:1200px;margin:1.2rem auto;padding:0 1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
.card{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:1rem 1.2rem;margin-bottom:1rem}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.92rem}
th,td{border:1px solid #dde3ea;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto}
label{display:block;margin:.5rem 0 .2rem;font-weight:600}
input[type=text],input[type=password],input[type=month],select,textarea{font:inherit;padding:.35rem .5rem;border:1px solid #b8c4d0;border-radius:4px;min-width:14rem;max-width:100%}
textarea{width:100%;min-height:4rem}
button,.button{font:inherit;background:#1f6feb;color:#fff;border:0;border-radius:4px;padding:.45rem 1.1rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#6b7785}
button.danger{background:#b42318}
.inline{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end}
.inline label{margin-top:0}
.inline form{margin:0}
#receipt-summary th{width:16rem}
#findings th,#findings td:nth-child(-n+2),#findings td:nth-child(4),#findings td:nth-child(5){white-space:nowrap}
.msg{padding:.7rem 1rem;border-radius:6px;margin:0 0 1rem;border:1px solid}
.msg.error{background:#fdecea;border-color:#f5c2bd;color:#8a1c12}
.msg.ok{background:#e7f6ec;border-color:#b6e2c4;color:#14532d}
.msg.info{background:#eaf2fd;border-color:#bcd4f6;color:#12355b}
.muted{color:#6b7785;font-size:.9rem}
.sev-high{color:#b42318;font-weight:700}.sev-medium{color:#b54708;font-weight:600}.sev-low{color:#475467}
.badge{display:inline-block;padding:0 .45rem;border-radius:10px;font-size:.82rem;background:#eef2f6}
.badge.done,.badge.confirmed,.badge.ok{background:#e7f6ec;color:#14532d}
.badge.failed,.badge.refused{background:#fdecea;color:#8a1c12}
.badge.running,.badge.staged{background:#fff4e5;color:#7a4100}
iframe.report{width:100%;height:80vh;border:1px solid #dde3ea;border-radius:8px;background:#fff}
#side-by-side th:first-child{width:12rem}#side-by-side td{width:40%}
#side-by-side tr.differs td,#side-by-side tr.differs th{background:#fff4e5}#side-by-side tr.differs td{font-weight:700;color:#8a1c12}
.badge.differs{background:#fdecea;color:#8a1c12}
details#all-evidence{margin:1rem 0}details#all-evidence summary{cursor:pointer;font-weight:600;margin-bottom:.6rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dl.facts dt{color:#6b7785}dl.facts dd{margin:0}
.login{max-width:360px;margin:4rem auto}
@media (max-width:640px){main{padding:0 .5rem}input[type=text],input[type=password],select{min-width:0;width:100%}}
`;
