-- A source both in Google's list and in our additions would be looked up twice and its sessions counted
-- twice: once Google lists a source, it leaves ga4_source_categories_added.
select added.source
from {{ ref('ga4_source_categories_added') }} as added
inner join {{ ref('ga4_source_categories') }} as google
    on lower(added.source) = lower(google.source)
