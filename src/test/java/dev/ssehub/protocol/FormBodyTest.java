package dev.ssehub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict form reader; plain JUnit, it is a pure function of bytes. */
class FormBodyTest {

    private static Map<String, List<String>> parse(String body) throws FormBody.MalformedFormException {
        return FormBody.parse(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void fieldsKeepTheirOrderAndRepeatedValues() throws Exception {
        Map<String, List<String>> fields = parse("topic=%2Fa&data=x&topic=%2Fb&private=on");
        assertThat(fields.keySet()).containsExactly("topic", "data", "private");
        assertThat(fields.get("topic")).containsExactly("/a", "/b");
    }

    @Test
    void plusIsASpaceAndEscapesDecodeAsUtf8() throws Exception {
        assertThat(parse("data=h%C3%A9llo+w%F0%9F%98%80rld%0Anext").get("data")).containsExactly("héllo w😀rld\nnext");
        assertThat(parse("data=a%2Bb%25").get("data")).containsExactly("a+b%");
    }

    @Test
    void emptyValuesNamesAndPartsAreHandled() throws Exception {
        assertThat(parse("")).isEmpty();
        assertThat(parse("private&data=&&id=1").get("private")).containsExactly("");
        assertThat(parse("data=").get("data")).containsExactly("");
        assertThat(parse("=x").get("")).containsExactly("x");
        assertThat(parse("data=a=b").get("data")).containsExactly("a=b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"data=%", "data=%4", "data=%zz", "topic=/a&data=100%", "da%ta=x"})
    void malformedEscapesAreRefusedWithTheirPlace(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(FormBody.MalformedFormException.class)
                .hasMessageContaining("percent escape");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        assertThatThrownBy(() -> parse("data=%C3%28")).isInstanceOf(FormBody.MalformedFormException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> FormBody.parse(new byte[] {'d', '=', (byte) 0xFF}))
                .isInstanceOf(FormBody.MalformedFormException.class).hasMessageContaining("UTF-8");
    }
}
