{#
  A number with thousands separators and `decimals` decimals, with its sign when `plus` (a Jinja flag):
  1234.56 -> '1,234.6' or '+1,234.6'. Both engines round the double's exact value half to even
  (0.25 -> '0.2'). A value that rounds to zero from below is written as zero ('-0.0' -> '0.0').
#}
{% macro format_decimal(expr, decimals, plus=false) -%}
    {%- set text = adapter.dispatch('grouped_number', 'demandgen')(expr, decimals, plus) -%}
    case
        when {{ regexp_contains(text, "'^-0([.]0+)?$'") }} then '{{ "+" if plus else "" }}' || substr({{ text }}, 2)
        else {{ text }}
    end
{%- endmacro %}

{% macro default__grouped_number(expr, decimals, plus) -%}
    printf('%{{ "+" if plus else "" }},.{{ decimals }}f', {{ expr }})
{%- endmacro %}

{% macro spark__grouped_number(expr, decimals, plus) -%}
    {%- set pattern = '#,##0' ~ ('.' ~ '0' * decimals if decimals > 0 else '') -%}
    format_number(cast({{ expr }} as double), '{{ ("+" ~ pattern ~ ";-" ~ pattern) if plus else pattern }}')
{%- endmacro %}
