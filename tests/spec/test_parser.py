"""The spec grammar: what parses to what, and every error with its message and column."""

from __future__ import annotations

import pytest

import lrkit as lk
from lrkit.schedules.units import Duration
from lrkit.spec.parser import MAX_DEPTH, tokenize


# ---- what parses to what ---------------------------------------------------------------

@pytest.mark.parametrize("text,built", [
    ("cosine", lk.cosine()),
    ("cosine()", lk.cosine()),
    ("warmup(5%) >> cosine", lk.warmup("5%") >> lk.cosine()),
    ("warmup(5%) >> cosine(min_lr=1e-5)", lk.warmup("5%") >> lk.cosine(min_lr=1e-5)),
    # positional args map to the family's `positional` in order
    ("warmup(10, start_factor=0.1)", lk.warmup(10, start_factor=0.1)),
    ("warmup(duration=10)", lk.warmup(10)),
    ("cosine(30ep, min_lr=0)", lk.cosine("30ep", min_lr=0.0)),
    ("cosine(2.5ep)", lk.cosine("2.5ep")),
    ("cosine(100steps)", lk.cosine(100)),
    ("cosine(100step)", lk.cosine(100)),
    ("cosine(5 %)", lk.cosine("5%")),
    ("cosine(5 ep)", lk.cosine("5ep")),
    # enum words, quoted strings, booleans and none
    ("warmup(10, mode=exponential, start_factor=0.01)", lk.warmup(10, mode="exponential", start_factor=0.01)),
    ("warmup(10, mode='exponential', start_factor=0.01)", lk.warmup(10, mode="exponential", start_factor=0.01)),
    ('warmup(10, mode="exponential", start_factor=0.01)', lk.warmup(10, mode="exponential", start_factor=0.01)),
    ("cosine(min_lr=none)", lk.cosine()),
    ("cosine(min_lr=None)", lk.cosine()),
    ("cyclic(4, cycle_momentum=false)", lk.cyclic(4, cycle_momentum=False)),
    ("cyclic(4, cycle_momentum=True)", lk.cyclic(4)),
    # numbers: ints, floats, exponents, leading dot, trailing dot
    ("cosine(min_lr=1E-5)", lk.cosine(min_lr=1e-5)),
    ("cosine(min_lr=.5)", lk.cosine(min_lr=0.5)),
    ("cosine(min_lr=5.)", lk.cosine(min_lr=5.0)),
    ("cosine(min_lr=2e+3)", lk.cosine(min_lr=2000.0)),
    # trailing comma, whitespace and newlines anywhere between tokens
    ("warmup(10,)", lk.warmup(10)),
    ("  warmup ( 10 , start_factor = 0.5 )\n>>\tcosine  ", lk.warmup(10, start_factor=0.5) >> lk.cosine()),
    # numbers are constant factors in products
    ("0.5 * cosine", 0.5 * lk.cosine()),
    ("cosine * 0.5", lk.cosine() * 0.5),
    ("2", lk.constant(factor=2.0)),
    ("cosine * clip(min_lr=1e-5)", lk.cosine().clip(min_lr=1e-5)),
    # precedence: * binds tighter than >>
    ("warmup(5) >> cosine * 0.5", lk.warmup(5) >> (lk.cosine() * 0.5)),
    ("warmup(5) * 2 >> cosine", (lk.warmup(5) * 2) >> lk.cosine()),
    # products of sequences, nested parentheses
    ("(warmup(5) >> cosine) * 0.5", (lk.warmup(5) >> lk.cosine()) * 0.5),
    ("((warmup(5)) >> ((cosine)))", lk.warmup(5) >> lk.cosine()),
    ("(warmup(5) >> cosine(10)) >> cosine", lk.warmup(5) >> lk.cosine(10) >> lk.cosine()),
    ("warmup(5) >> (cosine(10) >> cosine)", lk.warmup(5) >> lk.cosine(10) >> lk.cosine()),
    ("(warmup(5) >> cosine(10)) * (constant(20) >> cosine)",
     (lk.warmup(5) >> lk.cosine(10)) * (lk.constant(20) >> lk.cosine())),
    ("0.5 * (2 * cosine)", lk.constant(factor=0.5) * lk.constant(factor=2) * lk.cosine()),
    # lists
    ("restarts(10, limit=3)", lk.restarts(10, limit=3)),
])
def test_parses_to_the_python_built_value(text, built):
    s = lk.parse(text)
    assert s == built
    assert lk.parse(str(s)) == s


def test_the_issue_example():
    s = lk.parse("warmup(5%) >> cosine(min_lr=1e-5)")
    assert isinstance(s, lk.Schedule)
    assert str(s) == "warmup(5%) >> cosine(min_lr=1e-05)"
    c = s.bind(total_steps=1000)
    assert c(50, 0.1) == pytest.approx(0.1, rel=1e-12)
    assert c(1000, 0.1) == pytest.approx(1e-5, rel=1e-12)


def test_negative_numbers_reach_validation():
    # the parser accepts the sign; the family says what is wrong
    with pytest.raises(lk.SpecError, match=r"cosine: min_lr must be >= 0, got -1e-05") as e:
        lk.parse("cosine(min_lr=-1e-5)")
    assert e.value.column == 8
    with pytest.raises(lk.SpecError, match=r"warmup: duration must be > 0, got '-5ep'"):
        lk.parse("warmup(-5ep)")
    with pytest.raises(lk.SpecError, match=r"constant: factor must be >= 0, got -0.5") as e:
        lk.parse("cosine * -0.5")
    assert e.value.column == 10


def test_values_have_the_python_types():
    from lrkit.spec.parser import _Parser

    def value(text):
        p = _Parser(text)
        return p.value()

    assert value("3") == 3 and type(value("3")) is int
    assert type(value("3.0")) is float and type(value("1e3")) is float
    assert value("-2") == -2
    assert value("5ep") == Duration(5.0, "epochs")
    assert value("5%") == Duration(5.0, "fraction")
    assert value("-5%") == Duration(-5.0, "fraction")
    assert value("7steps") == Duration(7.0, "steps")
    assert value("true") is True and value("FALSE") is False and value("none") is None
    assert value("inf") == float("inf") and value("-inf") == float("-inf")
    assert value("cos") == "cos" and value("'it''s'") == "it"  # first string ends at the quote
    assert value(r"'it\'s'") == "it's" and value(r"'a\\b'") == "a\\b"
    assert value("[30ep, 60ep]") == (Duration(30.0, "epochs"), Duration(60.0, "epochs"))
    assert value("[[0, 1], [10, 0.5]]") == ((0, 1), (10, 0.5))
    assert value("[]") == () and value("[1,]") == (1,)


def test_tokens_carry_1_based_columns():
    toks = tokenize("warmup( 5%)>>cosine")
    assert [(t.kind, t.col) for t in toks] == [
        ("NAME", 1), ("(", 7), ("NUMBER", 9), (")", 11), (">>", 12), ("NAME", 14), ("END", 20)]
    assert toks[2].value == 5 and toks[2].unit == "fraction"


def test_parse_is_whitespace_insensitive():
    a = lk.parse("warmup(5%)>>cosine(min_lr=1e-5)*clip(max_lr=1)")
    b = lk.parse(" warmup ( 5 % ) >> cosine ( min_lr = 1e-5 ) * clip ( max_lr = 1 ) ")
    assert a == b


def test_deep_but_allowed_nesting():
    depth = MAX_DEPTH - 1
    assert lk.parse("(" * depth + "cosine" + ")" * depth) == lk.cosine()


# ---- errors: message and column ----------------------------------------------------------

@pytest.mark.parametrize("text,msg,col", [
    # names
    ("cosin", r"unknown schedule 'cosin' — did you mean 'cosine'\?", 1),
    ("warmup(5%) >> cosin(min_lr=0)", r"unknown schedule 'cosin' — did you mean 'cosine'\?", 15),
    ("xyzzy", r"unknown schedule 'xyzzy'; known: .*cosine.*warmup", 1),
    ("seq", r"unknown schedule 'seq'", 1),
    ("true", r"expected a schedule, found the value 'true'", 1),
    ("lambda_", r"lambda_ holds Python code and cannot be written in a spec; build it in Python", 1),
    ("warmup(5) >> lambda_(fn)", r"lambda_ holds Python code", 14),
    # parameters
    ("cosine(min_l=1e-5)", r"cosine: unknown parameter 'min_l' — did you mean 'min_lr'\? "
                           r"\(accepted: duration, min_lr, min_lr_ratio\b.*\)", 8),
    ("cosine(T_max=5)", r"cosine: unknown parameter 'T_max'; accepted: duration, min_lr, min_lr_ratio\b", 8),
    ("cosine(10, 20)", r"cosine takes at most 1 positional argument \(duration\), got more; "
                       r"name the others: duration, min_lr, min_lr_ratio\b", 12),
    ("clip(0.1)", r"clip takes no positional arguments; name them: min_lr, max_lr", 6),
    ("cosine(min_lr=0, min_lr=1)", r"cosine: min_lr given twice", 18),
    ("cosine(10, duration=5)", r"cosine: duration given twice", 12),
    ("cosine(min_lr=0, 10)", r"cosine: a positional argument cannot follow a keyword argument", 18),
    # family validation, pointing at the argument it names (else at the call)
    ("warmup(10, start_factor=2)", r"warmup: start_factor must be <= 1, got 2.0", 12),
    ("warmup(10, mode=cos)", r"warmup: mode must be one of 'linear', 'exponential', got 'cos'", 12),
    ("warmup", r"warmup: duration must be a duration", 1),
    ("warmup(0)", r"warmup: duration must be > 0, got '0'", 8),
    ("warmup(101%)", r"warmup: duration must be at most 100% of the run", 8),
    ("warmup(2.5)", r"warmup: duration must be a whole number of steps.*got 2.5", 8),
    ("cosine(min_lr=nan)", r"cosine: min_lr must be finite, got nan", 8),
    ("cosine(min_lr=1e999)", r"cosine: min_lr must be finite, got inf", 8),
    ("cosine(min_lr=5ep)", r"cosine: min_lr must be a number, got 5ep", 8),
    ("cosine(min_lr=[1, 2])", r"cosine: min_lr must be a number, got \(1, 2\)", 8),
    ("cosine(min_lr='x')", r"cosine: min_lr must be a number, got 'x'", 8),
    ("cosine(min_lr=0.1, min_lr_ratio=0.1)", r"cosine: min_lr must be left out when min_lr_ratio", 8),
    ("restarts(10, limit=2.5)", r"restarts: limit must be a whole number >= 1, got 2.5", 14),
    ("restarts(10, limit=inf)", r"restarts: limit must be a whole number >= 1, got inf", 14),
    # sequences: what cannot be followed
    ("cosine >> warmup(5)", r"seq: cosine has no duration of its own, so nothing can follow it in '>>'", 8),
    ("warmup(5) >> cosine >> cosine", r"seq: cosine has no duration of its own", 21),
    # syntax
    ("", r"empty spec", 1),
    ("   ", r"empty spec", 4),
    ("warmup(5%", r"expected ',' or '\)' in the arguments of warmup, found the end of the spec", 10),
    ("warmup(5% 10)", r"expected ',' or '\)' in the arguments of warmup, found the number 10", 11),
    ("(cosine", r"expected '\)' to close the '\(' at column 1, found the end of the spec", 8),
    ("cosine)", r"unexpected '\)'; expected '>>', '\*' or the end of the spec", 7),
    ("warmup(5) cosine", r"unexpected 'cosine'; expected '>>', '\*' or the end of the spec "
                         r"\(separate schedules with '>>' or '\*'\)", 11),
    ("warmup(5) >>", r"the spec ends where a schedule is expected", 13),
    ("warmup(5) > cosine", r"'>' on its own: the sequence operator is '>>'", 11),
    ("cosine * * 2", r"expected a schedule \(a name like 'cosine', a number, or '\('\), found '\*'", 10),
    ("5ep", r"a duration \(5ep\) cannot stand alone; give it to a family, e.g. constant\(5ep\)", 1),
    ("2 * 5 %", r"a duration \(5 %\) cannot stand alone", 5),
    ("warmup(,)", r"expected an argument or '\)', found ','", 8),
    ("warmup(5,,)", r"expected an argument or '\)', found ','", 10),
    ("warmup(duration=)", r"expected a value \(a number, a duration like 5ep or 5%, a word, a string or a list\), "
                          r"found '\)'", 17),
    ("warmup(5x)", r"unknown unit 'x' after 5; write 'ep' \(epochs\), '%' \(of the run\) or no unit \(steps\)", 9),
    ("warmup(5epochs)", r"unknown unit 'epochs' after 5", 9),
    ("warmup(1.2.3)", r"malformed number '1.2.'", 8),
    ("warmup(-)", r"expected a number after '-', found '\)'", 8),
    ("warmup(- x)", r"expected a number after '-', found 'x'", 8),
    ("cosine(min_lr='abc)", r"unterminated string: no closing ' for the one at column 15", 15),
    ("cosine(min_lr=[1, 2)", r"expected ',' or '\]' in the list opened at column 15, found '\)'", 20),
    ("cosine(min_lr=[1,,2])", r"expected a value or '\]' in the list opened at column 15, found ','", 18),
    ("cosine(min_lr=cosine(10))", r"a schedule \(cosine\(…\)\) cannot be a parameter value", 15),
    ("cosine(min_lr=1e-5; 3)", r"unexpected character ';'", 19),
    ("cosine(min_lr=1e-5) é", r"unexpected character 'é'", 21),
    ("cosine(1" + "0" * 500 + ")", r"number too long \(501 characters\)", 8),
    ("poly(1" + "0" * 320 + ", power=2)", r"poly: duration must be finite, got a number too large for a float", 6),
    ("cosine(min_lr=1" + "0" * 320 + ")", r"cosine: min_lr must be finite, got 1000", 8),
    ("warmup(1" + "0" * 320 + "%)", r"duration too large: 1000", 8),
    ("warmup(1e-3steps)", r"a number of steps must be whole, got 1e-3steps", 8),
    ("(" * (MAX_DEPTH + 1) + "cosine" + ")" * (MAX_DEPTH + 1), rf"nested too deeply \(more than {MAX_DEPTH} levels\)",
     MAX_DEPTH + 1),
    ("cosine(min_lr=" + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + ")", r"nested too deeply", 14 + MAX_DEPTH),
])
def test_errors_name_the_problem_and_the_column(text, msg, col):
    with pytest.raises(lk.SpecError, match=msg) as e:
        lk.parse(text)
    assert e.value.column == col
    assert e.value.text is not None and len(e.value.text) == len(text)
    # the caret line points at the column
    lines = str(e.value).splitlines()
    assert lines[-1].index("^") - 2 == col - 1


def test_error_renders_a_caret_line():
    with pytest.raises(lk.SpecError) as e:
        lk.parse("warmup(5%) >> cosin")
    assert str(e.value) == ("unknown schedule 'cosin' — did you mean 'cosine'?\n"
                            "  warmup(5%) >> cosin\n"
                            "                ^ (column 15)")


def test_multi_line_spec_error_stays_aligned():
    with pytest.raises(lk.SpecError) as e:
        lk.parse("warmup(5%)\n\t>> cosin")
    assert e.value.column == 16
    assert e.value.text == "warmup(5%)  >> cosin"
    assert str(e.value).splitlines()[-1] == " " * 17 + "^ (column 16)"


@pytest.mark.parametrize("bad", [None, 5, b"cosine", ["cosine"], lk.cosine()])
def test_parse_needs_text(bad):
    with pytest.raises(lk.SpecError, match="a spec must be text"):
        lk.parse(bad)


def test_too_long_spec():
    with pytest.raises(lk.SpecError, match="spec too long"):
        lk.parse("cosine * " * 20_000 + "cosine")


def test_spec_error_is_a_value_error():
    with pytest.raises(ValueError):
        lk.parse("cosin")
    assert issubclass(lk.SpecError, lk.LRKitError)


def test_code_is_never_evaluated(tmp_path):
    marker = tmp_path / "pwned"
    for text in (f"__import__('os').system('touch {marker}')",
                 f"__import__('os')",
                 f"cosine(min_lr=__import__('os').system('touch {marker}'))",
                 f"cosine(min_lr=open('{marker}', 'w'))",
                 "cosine(min_lr=(lambda: 1)())",
                 "exec('1')", "eval('1')"):
        with pytest.raises(lk.SpecError):
            lk.parse(text)
    assert not marker.exists()
