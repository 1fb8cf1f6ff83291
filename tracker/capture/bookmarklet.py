"""The "Save to Career Copilot" bookmarklet, built for this site's address.

Clicked on a job page, it opens our ``capture_bookmarklet`` page in a new tab, waits for
that tab to say it is ready, and posts it the page's HTML and address with
``postMessage``, addressed to our origin only. It never posts a form across sites, so
the job site's CSP (form-action) cannot block it, our session cookie need not travel on
a cross-site POST, and no view of ours is exempt from CSRF.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

from .document import MAX_HTML_CHARS

SOURCE = """(function(){
var o=@ORIGIN@,w=window.open(o+@PATH@,"_blank");
if(!w){alert("Allow pop-ups for this site to capture the job with Career Copilot.");return;}
var h=document.documentElement.outerHTML.slice(0,@MAX@);
function f(e){
if(e.source!==w||e.origin!==o||!e.data||e.data.type!=="careercopilot:ready")return;
window.removeEventListener("message",f);
w.postMessage({type:"careercopilot:page",url:location.href,html:h},o);
}
window.addEventListener("message",f);
})();"""


def bookmarklet_source(receive_url: str) -> str:
    """The bookmarklet's JavaScript for the absolute URL of the receiving page."""
    parts = urlsplit(receive_url)
    values = {
        "ORIGIN": json.dumps(f"{parts.scheme}://{parts.netloc}"),
        "PATH": json.dumps(parts.path),
        "MAX": str(MAX_HTML_CHARS),
    }
    return re.sub(r"@(ORIGIN|PATH|MAX)@", lambda m: values[m.group(1)], SOURCE).replace("\n", "")


def bookmarklet_href(receive_url: str) -> str:
    return "javascript:" + quote(bookmarklet_source(receive_url), safe="(){}[];,.:=!'+-<>/&|?_*\"")
