/**
 * The page's only script: the filters of the findings table (district, rule, severity, status, text).
 * It runs from the file itself, no server; rows are shown or hidden, nothing is fetched.
 */
export const FILTER_SCRIPT = `(function(){
  var table=document.getElementById('findings');if(!table)return;
  var rows=Array.prototype.slice.call(table.tBodies[0].rows);
  var text=rows.map(function(r){return r.textContent.toLowerCase();});
  var ids=['district','rule','severity','status'];
  var sel={};ids.forEach(function(k){sel[k]=document.getElementById('f-'+k);});
  var q=document.getElementById('f-text'),count=document.getElementById('f-shown'),none=document.getElementById('f-none');
  function apply(){
    var want={};ids.forEach(function(k){want[k]=sel[k]?sel[k].value:'';});
    var needle=q?q.value.trim().toLowerCase():'';var shown=0;
    for(var i=0;i<rows.length;i++){
      var r=rows[i],ok=true;
      for(var j=0;j<ids.length&&ok;j++){var k=ids[j];if(want[k]&&r.getAttribute('data-'+k)!==want[k])ok=false;}
      if(ok&&needle&&text[i].indexOf(needle)<0)ok=false;
      r.hidden=!ok;if(ok)shown++;
    }
    if(count)count.textContent=String(shown);
    if(none)none.hidden=shown>0;
  }
  ids.forEach(function(k){if(sel[k])sel[k].addEventListener('change',apply);});
  if(q)q.addEventListener('input',apply);
  apply();
})();`;
