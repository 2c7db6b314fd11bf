// Everything tests/browser/test_browser_layout.py measures on one page at the current
// width, as one function for page.evaluate. Boxes that overflow get a
// data-layout-probe number, so their pixels can be found in the screenshot.
() => {
    const root = document.documentElement;
    const vw = root.clientWidth;
    const tex = new Map();
    try {
        for (const item of MathJax.startup.document.math) tex.set(item.typesetRoot, item.math);
    } catch (e) { /* MathJax not there: fall back to the text */ }
    const clean = s => (s || '').replace(/\s+/g, ' ').trim().slice(0, 60);
    const texOf = c => clean(tex.get(c) ?? c.querySelector('mjx-assistive-mml')?.textContent ?? c.textContent);
    const style = e => getComputedStyle(e);
    const scrolls = e => ['auto', 'scroll'].includes(style(e).overflowX);
    let probe = 0;
    const mark = e => { e.dataset.layoutProbe = String(++probe); return probe; };
    const box = e => { const r = e.getBoundingClientRect();
        return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height}; };
    const inContent = e => e.closest('.md-content');

    // Display formulas: the box that scrolls is arithmatex's div (or the container).
    const display = [...document.querySelectorAll('mjx-container[display="true"]')].filter(inContent).map(c => {
        const b = c.closest('div.arithmatex') || c;
        const hidden = b.scrollWidth - b.clientWidth;
        const d = {tex: texOf(c), hidden, scrolls: scrolls(b),
                   admonition: !!c.closest('.admonition, details'), folded: !!c.closest('details')};
        if (hidden > 1) { d.probe = mark(b); d.box = box(b); }
        return d;
    });

    // Inline formulas (and anything else) sticking out past the viewport's right edge
    // without a scrolling ancestor to hold them: these widen the page.
    const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (style(a).overflowX !== 'visible') return true; } return false; };
    const wideners = new Map();
    for (const e of document.body.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.right <= vw + 0.5 || clipped(e)) continue;
        if (style(e).position === 'fixed') continue;
        // Math is reported as its container: by its TeX, and whether the ink itself
        // sticks out or only the invisible MathML kept for screen readers does.
        const c = e.closest('mjx-container');
        const key = c || e;
        const hiddenOnly = !!e.closest('mjx-assistive-mml');
        if (!c && [...e.children].some(k => k.getBoundingClientRect().right > vw + 0.5)) continue;
        const w = wideners.get(key) || {what: c ? (c.getAttribute('display') === 'true' ? 'display math' : 'inline math')
                                               : e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : ''),
                                        text: c ? texOf(c) : clean(e.textContent), hidden: 0, ink: 0,
                                        folded: !!e.closest('details')};
        w.hidden = Math.max(w.hidden, Math.round(r.right - vw));
        if (!hiddenOnly) w.ink = Math.max(w.ink, Math.round(r.right - vw));
        wideners.set(key, w);
    }

    // Code blocks: Material scrolls the <code> inside each <pre>.
    // A notebook's cells are <pre> without <code>: the <pre> scrolls there.
    const code = [...document.querySelectorAll('.md-content pre')].map(pre => {
        const c = pre.querySelector(':scope > code') || pre;
        const block = pre.closest('.highlight, .highlight-ipynb, .jp-OutputArea-output') || pre;
        const title = block.querySelector('.filename')?.textContent || '';
        // Material names the language in a class where pymdownx gives one; here
        // blocks carry none, so the title's extension, or plain text, tells.
        const ext = (title.match(/\.(\w+)(:|\s*$)/) || [])[1];
        const kind = pre.closest('.jp-OutputArea') ? 'notebook output'
                   : pre.closest('.jp-Cell, .jp-CodeCell') ? 'notebook input'
                   : /(^|\s)language-text(\s|$)/.test(block.className) ? 'text'
                   : /language-\S+/.test(block.className) ? block.className.match(/language-(\S+)/)[1]
                   : ext === 'py' ? 'python' : ['out', 'txt', 'log'].includes(ext) ? 'text'
                   : c.querySelector('span[class]') ? 'code' : 'text';
        const hidden = c.scrollWidth - c.clientWidth;
        const d = {name: clean(title || c.textContent.split('\n')[0]), kind, hidden, scrolls: scrolls(c),
                   width: Math.round(c.getBoundingClientRect().width)};
        if (hidden > 1) { d.probe = mark(c); d.box = box(c); }
        // The copy button against the first line of code (its ink, from a Range).
        const button = c === pre ? null : pre.querySelector('.md-code__nav') || pre.querySelector('button[data-md-type="copy"], .md-clipboard');
        if (button) {
            const text = c.textContent;
            const end = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
            const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let seen = 0, started = false, node;
            while ((node = walker.nextNode())) {
                if (!started) { range.setStart(node, 0); started = true; }
                if (seen + node.length >= end) { range.setEnd(node, end - seen); break; }
                seen += node.length;
            }
            const b = button.getBoundingClientRect();
            let overlap = 0;
            if (started && b.width > 0) for (const r of range.getClientRects()) {
                const w = Math.min(r.right, b.right) - Math.max(r.left, b.left);
                const h = Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top);
                if (w > 0 && h > 0) overlap = Math.max(overlap, Math.round(w * h));
            }
            d.copy_overlap = overlap;
        }
        return d;
    });

    // Tables: Material wraps each in a .md-typeset__scrollwrap, which is the box that scrolls.
    const tables = [...document.querySelectorAll('.md-content table')].map(t => {
        const b = t.closest('.md-typeset__scrollwrap') || t;
        const hidden = b.scrollWidth - b.clientWidth;
        const d = {name: clean([...t.querySelectorAll('th')].map(th => th.textContent).join(' | ')), hidden,
                   scrolls: scrolls(b)};
        if (hidden > 1) { d.probe = mark(b); d.box = box(b); }
        return d;
    });

    // Punctuation right after an inline formula stays on the formula's line
    // (a line that starts with ", the error signals" reads like a slip).
    const orphans = [...document.querySelectorAll('.md-content mjx-container:not([display="true"])')].flatMap(c => {
        const formula = c.closest('span.arithmatex') || c;
        const next = formula.nextSibling;
        if (!next || next.nodeType !== 3 || !/^[,.;:!?)\]]/.test(next.textContent)) return [];
        const range = document.createRange();
        range.setStart(next, 0); range.setEnd(next, 1);
        const mark = range.getBoundingClientRect(), lines = formula.getClientRects();
        const last = lines[lines.length - 1];
        if (!last || mark.height === 0 || (mark.top + mark.bottom) / 2 < last.bottom) return [];
        return [{tex: texOf(c), text: clean(next.textContent).slice(0, 30)}];
    });

    // Math font size: in admonitions against body paragraphs.
    const size = e => parseFloat(style(e).fontSize);
    const containers = [...document.querySelectorAll('.md-content mjx-container')];
    const inAdm = containers.filter(c => c.closest('.admonition, details'));
    const inBody = containers.filter(c => !c.closest('.admonition, details, table, .jp-Cell'));
    const admonition_math = inAdm.map(c => ({tex: texOf(c), px: size(c)}));
    const body_math_px = inBody.map(size).sort((a, b) => a - b)[Math.floor(inBody.length / 2)] ?? null;

    // Inline code broken across lines: in table cells, and in prose.
    const broken = [...document.querySelectorAll('.md-content code')]
        .filter(c => !c.closest('pre') && c.getClientRects().length > 1)
        .map(c => ({text: clean(c.textContent), where: c.closest('td, th') ? 'table' : 'prose',
                    wider_than_column: c.scrollWidth > (c.closest('td, th, p, li') || c.parentElement).clientWidth}));

    // The article's column: what a block may take.
    const column = document.querySelector('.md-content__inner')?.clientWidth ?? vw;

    return {viewport: vw, column, scroll_width: root.scrollWidth, pixel_ratio: devicePixelRatio, display, wideners: [...wideners.values()], code, tables, orphans,
            admonition_math, body_math_px, broken_code: broken};
}
