-- Every web analytics row with its GA4 default channel group. Channels are compared across tools in GA4's
-- names, and decided here rather than at ingest, so changing a seed (Google's source categories, the tools'
-- channel labels) relabels all history on the next build.
--
-- A row the export labels with a channel (GA4's channel group, Plausible's channels, Matomo's channel types)
-- gets that label's GA4 channel from the seed channel_labels. A row given by source / medium gets the channel
-- of Google's published rules ("[GA4] Default channel group", Analytics Help). Where a GA4 row has both, the
-- rules' channel is kept beside the file's, which is the one used (marts.channel_disagreements lists them).
with channel_rows as (
    select * from {{ ref('stg_web_analytics__channel_rows') }}
),

labels as (
    select
        source_tool,
        lower(trim(label)) as label,
        channel_group
    from {{ ref('channel_labels') }}
),

-- Google's source categories as published, and the few current hosts its list lacks.
source_categories as (
    select
        lower(source) as source,
        lower(replace(source_category, 'SOURCE_CATEGORY_', '')) as category
    from {{ ref('ga4_source_categories') }}
    union all
    select
        lower(source) as source,
        lower(replace(source_category, 'SOURCE_CATEGORY_', '')) as category
    from {{ ref('ga4_source_categories_added') }}
),

source_medium_parts as (
    select
        channel_rows.*,
        case
            -- Plausible's sources.csv names the referring site (or utm_source) only. Its no-referrer row,
            -- "Direct / None" ("(none)" in older exports), is GA4's (direct) / (none); any other source came
            -- by a link, so it is read with medium "referral": the rules then make a search engine Organic
            -- Search and a social network Organic Social (they test the site before the medium), else Referral.
            when
                channel_rows.report = 'plausible_sources'
                and lower(channel_rows.source_medium) in ('direct / none', '(none)')
                then '(direct)'
            when channel_rows.report = 'plausible_sources' then channel_rows.source_medium
            -- GA4's "source / medium": a utm_source may hold " / " but the medium never does, so the last
            -- separator is the one. A lone value (GA4's "(not set)" row) is a source without a medium.
            when channel_rows.source_medium like '% / %' then regexp_extract(channel_rows.source_medium, '^(.*) / ', 1)
            else channel_rows.source_medium
        end as source_as_exported,
        case
            when
                channel_rows.report = 'plausible_sources'
                and lower(channel_rows.source_medium) in ('direct / none', '(none)')
                then '(none)'
            when channel_rows.report = 'plausible_sources' then 'referral'
            when
                channel_rows.source_medium like '% / %'
                then regexp_extract(channel_rows.source_medium, '^.* / (.*)$', 1)
        end as medium_as_exported
    from channel_rows
),

-- What the rules read: lower case, trimmed, and a missing value "(not set)", as GA4 itself reports one.
-- Rows without a source / medium (a channel label only) have no source and no rules' channel.
sessions as (
    select
        source_medium_parts.*,
        case
            when
                source_medium_parts.source_medium is not null
                then coalesce(nullif(lower(trim(source_medium_parts.source_as_exported)), ''), '(not set)')
        end
            as source,
        case
            when
                source_medium_parts.source_medium is not null
                then coalesce(nullif(lower(trim(source_medium_parts.medium_as_exported)), ''), '(not set)')
        end
            as medium,
        coalesce(nullif(lower(trim(source_medium_parts.campaign)), ''), '(not set)') as campaign_name,
        -- Google's list holds exact hosts. Referrer hosts often carry a mobile or link-shim prefix
        -- (m.reddit.com, www.linkedin.com, lm.facebook.com) that the list spells only for some sites, so a
        -- source is also looked up without it. A deliberate difference: where GA4 would call such a host a
        -- Referral (m.reddit.com is not on its list), it gets its site's channel here.
        regexp_replace(lower(trim(source_medium_parts.source_as_exported)), '^(www|m|l|lm|mobile)\.', '')
            as source_without_prefix
    from source_medium_parts
),

sites as (
    select
        sessions.*,
        coalesce(listed.category, unprefixed.category) as source_category
    from sessions
    left join source_categories as listed on sessions.source = listed.source
    left join source_categories as unprefixed on sessions.source_without_prefix = unprefixed.source
),

-- Google's regexes, applied to the lower-cased value as a whole (GA4's "matches regex" is anchored). Lower-casing
-- first matters for the shopping one: its [^a-df-z] is a lower-case class.
facts as (
    select
        sites.*,
        {{ regexp_contains('medium', "'^(.*cp.*|ppc|retargeting|paid.*)$'") }} as is_paid,
        sites.source_category = 'shopping'
        or {{ regexp_contains('campaign_name', "'^(.*(([^a-df-z]|^)shop|shopping).*)$'") }} as is_shopping
    from sites
),

-- GA4's rules in GA4's order: the first that holds names the channel. The order carries meaning: a known site
-- with a paid medium is that site's paid channel before it is Display or Paid Other, and a known site with
-- medium "referral" (l.facebook.com / referral) is Organic Social, never Referral. Google's help page shows
-- the rules as a table; this order (Email, Affiliates, then Referral) is the one GA4 applies.
ruled as (
    select
        facts.*,
        case
            when facts.source is null then null
            when facts.source = '(direct)' and facts.medium in ('(not set)', '(none)') then 'Direct'
            when facts.campaign_name like '%cross-network%' then 'Cross-network'
            when facts.is_shopping and facts.is_paid then 'Paid Shopping'
            when facts.source_category = 'search' and facts.is_paid then 'Paid Search'
            when facts.source_category = 'social' and facts.is_paid then 'Paid Social'
            when facts.source_category = 'video' and facts.is_paid then 'Paid Video'
            when facts.medium in ('display', 'banner', 'expandable', 'interstitial', 'cpm') then 'Display'
            when facts.is_paid then 'Paid Other'
            when facts.is_shopping then 'Organic Shopping'
            when
                facts.source_category = 'social'
                or facts.medium in ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media')
                then 'Organic Social'
            when facts.source_category = 'video' or facts.medium like '%video%' then 'Organic Video'
            when facts.source_category = 'search' or facts.medium = 'organic' then 'Organic Search'
            when
                facts.source in ('email', 'e-mail', 'e_mail', 'e mail')
                or facts.medium in ('email', 'e-mail', 'e_mail', 'e mail')
                then 'Email'
            when facts.medium = 'affiliate' then 'Affiliates'
            when facts.medium in ('referral', 'app', 'link') then 'Referral'
            when facts.medium = 'audio' then 'Audio'
            when facts.source = 'sms' or facts.medium = 'sms' then 'SMS'
            when
                facts.medium like '%push'
                or facts.medium like '%mobile%'
                or facts.medium like '%notification%'
                or facts.source = 'firebase'
                then 'Mobile Push Notifications'
            else 'Unassigned'
        end as rules_channel_group
    from facts
),

final as (
    select
        ruled.property,
        ruled.source_tool,
        ruled.report,
        ruled.section,
        ruled.period_start,
        ruled.period_end,
        ruled.is_daily,
        ruled.channel_dimension,
        ruled.channel_label,
        ruled.source_medium,
        ruled.source,
        ruled.medium,
        ruled.campaign,
        ruled.source_category,
        -- A label the seed does not know gives NULL, which the not_null test refuses (ingest turns such files away).
        case when ruled.channel_label is not null then labels.channel_group else ruled.rules_channel_group end
            as channel_group,
        ruled.rules_channel_group,
        ruled.sessions,
        ruled.users,
        ruled.key_events,
        ruled.traffic_unit,
        ruled.load_id,
        ruled.source_file,
        ruled.source_row,
        ruled.ingested_at
    from ruled
    left join labels
        on
            ruled.source_tool = labels.source_tool
            and lower(trim(ruled.channel_label)) = labels.label
)

select * from final
