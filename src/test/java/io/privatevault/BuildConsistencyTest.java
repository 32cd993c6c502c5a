package io.privatevault;

import io.privatevault.stack.TestStacks;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The root build and the component package must build the components against the same dependency versions. */
class BuildConsistencyTest {
    private static Map<String, String> properties(Path pom) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        var props = (Element) doc.getElementsByTagName("properties").item(0);
        var result = new HashMap<String, String>();
        var children = props.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e) {
                result.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        return result;
    }

    @Test
    void sharedVersionsAreIdenticalInBothPoms() throws Exception {
        var root = properties(TestStacks.projectDir().resolve("pom.xml"));
        var components = properties(TestStacks.projectDir().resolve("components/pom.xml"));
        assertTrue(components.size() > 5);
        components.forEach((name, value) -> assertEquals(value, root.get(name),
                "property " + name + " differs between pom.xml and components/pom.xml"));
    }
}
