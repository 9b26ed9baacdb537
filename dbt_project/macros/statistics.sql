{#
  Wilson score interval (95%) for a proportion of `successes` out of `trials`, in percent.
  Chosen over the textbook normal interval because surveys are small and awareness can be near
  0 or 100%, where the normal interval leaves [0, 100] or collapses to zero width.
  (Wilson 1927; Newcombe, Statistics in Medicine 1998, "method 3".)
#}
{% macro wilson_low_pct(successes, trials) -%}
    {{ _wilson_pct(successes, trials, '-') }}
{%- endmacro %}

{% macro wilson_high_pct(successes, trials) -%}
    {{ _wilson_pct(successes, trials, '+') }}
{%- endmacro %}

{% macro _wilson_pct(successes, trials, sign) -%}
    {%- set z = 1.959963984540054 -%}
    {%- set p = '(cast(' ~ successes ~ ' as double) / ' ~ trials ~ ')' -%}
    {%- set n = '(cast(' ~ trials ~ ' as double))' -%}
    case when {{ trials }} > 0 then 100 * (
        ({{ p }} + {{ z * z }} / (2 * {{ n }}))
        {{ sign }} {{ z }} * sqrt({{ p }} * (1 - {{ p }}) / {{ n }} + {{ z * z }} / (4 * {{ n }} * {{ n }}))
    ) / (1 + {{ z * z }} / {{ n }}) end
{%- endmacro %}

{#
  Newcombe's hybrid score interval (95%) for the difference of two independent proportions
  p1 - p2, from each one's Wilson interval (Newcombe 1998, "method 10"). All in percent.
#}
{% macro newcombe_low(p1, low1, high1, p2, low2, high2) -%}
    ({{ p1 }} - {{ p2 }}) - sqrt(power({{ p1 }} - {{ low1 }}, 2) + power({{ high2 }} - {{ p2 }}, 2))
{%- endmacro %}

{% macro newcombe_high(p1, low1, high1, p2, low2, high2) -%}
    ({{ p1 }} - {{ p2 }}) + sqrt(power({{ high1 }} - {{ p1 }}, 2) + power({{ p2 }} - {{ low2 }}, 2))
{%- endmacro %}
