// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A report.html parsed (the runner writes it well-formed), for asserting its structure with XPath.
 */
final class ReportStructure {
    private final Document document;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    private ReportStructure(Document document) {
        this.document = document;
    }

    static ReportStructure parse(Path html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return new ReportStructure(factory.newDocumentBuilder().parse(html.toFile()));
    }

    int count(String expression) throws Exception {
        return ((NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET))
                .getLength();
    }

    String text(String expression) throws Exception {
        return xpath.evaluate(expression, document).trim();
    }

    /** The probes that have a chart. */
    List<String> charts() throws Exception {
        NodeList svgs =
                (NodeList)
                        xpath.evaluate(
                                "//*[local-name()='svg'][@class='chart']/@data-probe",
                                document,
                                XPathConstants.NODESET);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < svgs.getLength(); i++) {
            names.add(svgs.item(i).getNodeValue());
        }
        return names;
    }
}
