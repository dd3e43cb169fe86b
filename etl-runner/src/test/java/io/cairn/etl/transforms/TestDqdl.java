package io.cairn.etl.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.etl.transforms.Dqdl.CompositeRule;
import io.cairn.etl.transforms.Dqdl.Expression;
import io.cairn.etl.transforms.Dqdl.Operator;
import io.cairn.etl.transforms.Dqdl.Rule;
import io.cairn.etl.transforms.Dqdl.SimpleRule;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TestDqdl {
  @Test
  void parsesEachRuleTypeWithItsColumnsAndExpression() throws Exception {
    List<Rule> rules =
        Dqdl.parse(
            """
            Rules = [
              RowCount between 1 and 10,
              Completeness "email" >= 0.95,
              IsComplete "id",
              IsUnique "id",
              Uniqueness "email" > 0.5,
              ColumnValues "status" in ["new", "shipped"],
              ColumnValues "price" not between -1 and 100.5 with threshold > 0.9,
              ColumnValues "code" matches "[A-Z]{2}\\d+",
              ColumnLength "code" <= 5,
              IsPrimaryKey "id" "region",
              Mean "price" > 3, Sum "price" != 0,
              ColumnExists "id",
              DistinctValuesCount "status" = 2
            ]
            """);

    assertThat(rules).hasSize(14).allMatch(rule -> rule instanceof SimpleRule);
    assertThat(rules.get(0).text()).isEqualTo("RowCount between 1 and 10");
    assertThat(((SimpleRule) rules.get(0)).expression())
        .isEqualTo(new Expression(Operator.BETWEEN, false, List.of(1.0, 10.0)));
    assertThat(((SimpleRule) rules.get(5)).expression())
        .isEqualTo(new Expression(Operator.IN, false, List.of("new", "shipped")));
    SimpleRule withThreshold = (SimpleRule) rules.get(6);
    assertThat(withThreshold.columns()).containsExactly("price");
    assertThat(withThreshold.expression())
        .isEqualTo(new Expression(Operator.BETWEEN, true, List.of(-1.0, 100.5)));
    assertThat(withThreshold.threshold())
        .isEqualTo(new Expression(Operator.GREATER, false, List.of(0.9)));
    assertThat(((SimpleRule) rules.get(7)).expression().values()).containsExactly("[A-Z]{2}\\d+");
    assertThat(((SimpleRule) rules.get(9)).columns()).containsExactly("id", "region");
    assertThat(rules.get(11).text()).isEqualTo("Sum \"price\" != 0");
  }

  @Test
  void compositeRulesNestWithParentheses() throws Exception {
    List<Rule> rules =
        Dqdl.parse(
            "Rules = [ (RowCount > 0) or ((IsComplete \"a\") and (IsUnique \"a\")), (IsComplete \"b\") ]");

    CompositeRule or = (CompositeRule) rules.get(0);
    assertThat(or.and()).isFalse();
    assertThat(or.text()).isEqualTo("(RowCount > 0) or ((IsComplete \"a\") and (IsUnique \"a\"))");
    CompositeRule and = (CompositeRule) or.rules().get(1);
    assertThat(and.and()).isTrue();
    assertThat(and.rules())
        .extracting(Rule::text)
        .containsExactly("IsComplete \"a\"", "IsUnique \"a\"");
    assertThat(rules.get(1)).isInstanceOf(SimpleRule.class);
  }

  @Test
  void expressionsTestMetricsWithExclusiveBetweenAndNot() {
    Expression between = new Expression(Operator.BETWEEN, false, List.of(1.0, 10.0));
    assertThat(between.test(5.0)).isTrue();
    assertThat(between.test(1.0)).isFalse();
    assertThat(between.test(10.0)).isFalse();
    assertThat(new Expression(Operator.BETWEEN, true, List.of(1.0, 10.0)).test(10.0)).isTrue();
    assertThat(new Expression(Operator.IN, false, List.of(2.0, 3.0)).test(3.0)).isTrue();
    assertThat(new Expression(Operator.GREATER_OR_EQUAL, false, List.of(0.5)).test(null)).isFalse();
  }

  @Test
  void badRulesetsAreRefusedWithWhatIsWrong() {
    assertProblem("IsComplete \"a\"", "a ruleset starts with 'Rules = ['");
    assertProblem("Rules = [ ]", "the ruleset has no rules");
    assertProblem("Rules = [ IsFresh \"a\" ]", "expected a rule type");
    assertProblem("Rules = [ IsComplete a ]", "IsComplete needs a column name in double quotes");
    assertProblem("Rules = [ Completeness \"a\" ]", "Completeness needs an expression");
    assertProblem("Rules = [ Mean \"a\" > \"x\" ]", "Mean compares with a number");
    assertProblem("Rules = [ RowCount between 1 10 ]", "expected 'and' in 'between");
    assertProblem("Rules = [ ColumnValues \"a\" matches \"[\" ]", "is not a regular expression");
    assertProblem("Rules = [ IsComplete \"a\" IsUnique \"b\" ]", "expected ',' or ']'");
    assertProblem(
        "Rules = [ (IsComplete \"a\") and (IsUnique \"a\") or (RowCount > 1) ]",
        "'and' and 'or' are mixed");
    assertProblem("Rules = [ (IsComplete \"a\") and IsUnique \"a\" ]", "must be in parentheses");
    assertProblem("Rules = [ IsComplete \"a ]", "is not closed");
    assertProblem("Rules = [ IsComplete \"a\" ] extra", "after the ruleset");
  }

  private static void assertProblem(String ruleset, String message) {
    assertThatThrownBy(() -> Dqdl.parse(ruleset))
        .isInstanceOf(Dqdl.ParseException.class)
        .hasMessageContaining(message);
  }
}
