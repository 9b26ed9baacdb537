-- Which tracked brand each distinct mention names, and how the match was made:
--   'term' / 'misspelling': a configured term or misspelling, as whole words;
--   'fuzzy': one to three adjacent words within a small edit distance of a term (1 edit for
--     terms of 6-8 letters, 2 from 9), starting with the same letter. Shorter terms only match
--     exactly, so "north" never reads as Northwind and "adam" never as Adatum;
--   'excluded': the mention names a brand only inside a configured exclusion ("northwind traders");
--   'unmatched': nothing; such mentions are listed so a user can add them as misspellings.
-- A mention can name several brands ("northwind contoso"); each brand is matched once.
with mentions as (
    select distinct mention from {{ ref('int_surveys__mentions') }}
),

terms as (
    select
        brand,
        is_own_brand,
        kind,
        term_normalized,
        replace(term_normalized, ' ', '') as term_compact
    from {{ ref('stg_demandgen__brand_terms') }}
    where term_normalized <> ''
),

brands as (
    select distinct
        brand,
        is_own_brand
    from terms
),

exclusions as (
    select
        brand,
        '\b(' || {{ string_agg_ordered('term_normalized', "'|'", 'length(term_normalized) desc') }} || ')\b' as pattern
    from terms
    where kind = 'exclude'
    group by brand
),

-- Each mention as read for each brand: that brand's exclusions removed first.
for_brand as (
    select
        mentions.mention,
        brands.brand,
        brands.is_own_brand,
        coalesce(
            exclusions.pattern is not null and {{ regexp_contains('mentions.mention', 'exclusions.pattern') }}, false
        )
            as had_exclusion,
        trim(case
            when exclusions.pattern is null then mentions.mention
            else {{ regexp_replace_all('mentions.mention', 'exclusions.pattern', "' '") }}
        end) as text
    from mentions
    cross join brands
    left join exclusions on brands.brand = exclusions.brand
),

exact as (
    select
        for_brand.mention,
        for_brand.brand,
        terms.kind,
        terms.term_normalized,
        -- A configured term outranks a misspelling, a longer term a shorter one.
        row_number() over (
            partition by for_brand.mention, for_brand.brand
            order by
                case terms.kind when 'term' then 0 else 1 end, length(terms.term_normalized) desc,
                terms.term_normalized
        ) as preference
    from for_brand
    inner join terms
        on
            for_brand.brand = terms.brand and terms.kind in ('term', 'misspelling')
            and {{ regexp_contains('for_brand.text', "'\\b' || terms.term_normalized || '\\b'") }}
),

words as (
    select
        mention,
        brand,
        {{ split_to_rows('text', "' '", 'position', 'word') }}
    from for_brand
    where text <> ''
),

-- One, two or three adjacent words written together, so "north wind" can meet "northwind".
candidates as (
    select
        mention,
        brand,
        word as candidate
    from words
    union
    select
        w1.mention,
        w1.brand,
        w1.word || w2.word as candidate
    from words as w1
    inner join words as w2 on w1.mention = w2.mention and w1.brand = w2.brand and w2.position = w1.position + 1
    union
    select
        w1.mention,
        w1.brand,
        w1.word || w2.word || w3.word as candidate
    from words as w1
    inner join words as w2 on w1.mention = w2.mention and w1.brand = w2.brand and w2.position = w1.position + 1
    inner join words as w3 on w1.mention = w3.mention and w1.brand = w3.brand and w3.position = w1.position + 2
),

fuzzy as (
    select
        candidates.mention,
        candidates.brand,
        terms.term_normalized,
        row_number() over (
            partition by candidates.mention, candidates.brand
            order by
                levenshtein(candidates.candidate, terms.term_compact), case terms.kind when 'term' then 0 else 1 end,
                length(terms.term_compact) desc, terms.term_normalized
        ) as preference
    from candidates
    inner join terms on candidates.brand = terms.brand and terms.kind in ('term', 'misspelling')
    where
        length(terms.term_compact) >= 6
        and left(candidates.candidate, 1) = left(terms.term_compact, 1)
        and abs(length(candidates.candidate) - length(terms.term_compact)) <= 2
        and levenshtein(candidates.candidate, terms.term_compact)
        <= case when length(terms.term_compact) >= 9 then 2 else 1 end
        -- A word that is another brand's own term is that brand, not a near miss of this one.
        and candidates.candidate not in (
            select other_terms.term_compact from terms as other_terms
            where other_terms.brand <> candidates.brand
        )
),

matched as (
    select
        for_brand.mention,
        for_brand.brand,
        for_brand.is_own_brand,
        case when exact.kind is not null then exact.kind when fuzzy.mention is not null then 'fuzzy' end
            as match_kind,
        coalesce(exact.term_normalized, fuzzy.term_normalized) as matched_term,
        for_brand.had_exclusion
    from for_brand
    left join exact
        on for_brand.mention = exact.mention and for_brand.brand = exact.brand and exact.preference = 1
    left join fuzzy
        on for_brand.mention = fuzzy.mention and for_brand.brand = fuzzy.brand and fuzzy.preference = 1
),

final as (
    select
        mention,
        brand,
        is_own_brand,
        match_kind,
        matched_term
    from matched
    where match_kind is not null
    union all
    select
        mention,
        cast(null as {{ dbt.type_string() }}) as brand,
        cast(null as boolean) as is_own_brand,
        case when bool_or(had_exclusion) then 'excluded' else 'unmatched' end as match_kind,
        cast(null as {{ dbt.type_string() }}) as matched_term
    from matched
    group by mention
    having count(match_kind) = 0
)

select * from final
