package io.labelstream.cleaning;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The text a reader sees in an HTML document, from a real HTML parser: scripts, styles and other non-rendered
 * elements are dropped, block elements become line breaks.
 */
public final class HtmlText {

    private static final String NOT_RENDERED = "script, style, noscript, template, head, object, embed, iframe, svg";

    private HtmlText() {
    }

    public static String toText(final String html) {
        final Document document = Jsoup.parse(html);
        document.select(NOT_RENDERED).remove();
        final StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(final Node node, final int depth) {
                if (node instanceof TextNode textNode) {
                    // source line breaks are plain spaces in HTML; only elements break lines
                    text.append(textNode.getWholeText().replace('\r', ' ').replace('\n', ' '));
                } else if (node instanceof Element element && element.isBlock()) {
                    text.append('\n');
                } else if (node instanceof Element element && "br".equals(element.normalName())) {
                    text.append('\n');
                }
            }

            @Override
            public void tail(final Node node, final int depth) {
                if (node instanceof Element element && element.isBlock()) {
                    text.append('\n');
                }
            }
        }, document.body());
        return text.toString();
    }
}
