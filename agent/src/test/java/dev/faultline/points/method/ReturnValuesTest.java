// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.SpecException;
import org.junit.jupiter.api.Test;

class ReturnValuesTest {

    @Test
    void convertsToTheMethodsReturnType() {
        assertThat(ReturnValues.convert("7", "int", "value")).isEqualTo(7);
        assertThat(ReturnValues.convert("7", "java.lang.Long", "value")).isEqualTo(7L);
        assertThat(ReturnValues.convert("false", "boolean", "value")).isEqualTo(false);
        assertThat(ReturnValues.convert("x", "char", "value")).isEqualTo('x');
        assertThat(ReturnValues.convert("sold out", "java.lang.String", "value"))
                .isEqualTo("sold out");
        assertThat(ReturnValues.convert(null, "com.shop.Order", "value")).isNull();
        assertThat(ReturnValues.convert("anything", "void", "value")).isNull();
    }

    @Test
    void refusesValuesThatDoNotFit() {
        assertThatThrownBy(() -> ReturnValues.convert("many", "int", "value"))
                .isInstanceOf(SpecException.class)
                .hasMessage("field 'value': 'many' is not a int");
        assertThatThrownBy(() -> ReturnValues.convert(null, "long", "value"))
                .hasMessage("field 'value': null cannot be returned from a method returning long");
        assertThatThrownBy(() -> ReturnValues.convert("yes", "boolean", "value"))
                .hasMessage("field 'value': 'yes' is not a boolean");
        assertThatThrownBy(() -> ReturnValues.convert("{}", "com.shop.Order", "value"))
                .hasMessage(
                        "field 'value': '{}' cannot be returned as com.shop.Order; only null can");
    }
}
