{#
  The title as a key that makes rows one story (int_media__stories), or NULL when the title is too
  generic to tell one story from another: then the rows are one story only where their URLs are the same.

  Social posts in media-monitoring exports (X, LinkedIn and Reddit rows in Meltwater) mostly have no title,
  or one the tool or network made up ("LinkedIn post", the author's name). Merged by title, every untitled
  post of three days, whichever brand it names, would become one "story", and the mention counts and share
  of voice with it. So a title, normalised and without a " | Outlet" suffix, is too generic when it is:
  - shorter than three words: empty (no title, or only punctuation or emoji), a network's name
    ("LinkedIn"), "LinkedIn post", "Reddit comment", a person's name. A press headline runs longer, and
    two different posts easily share two words;
  - the outlet's own name ("Yahoo Finance", "The Wall Street Journal");
  - only words for a network or a kind of post ("Untitled LinkedIn post", "Reply to a tweet").
  `normalized_title` is normalize_for_matching's form (lower-case words of letters and digits, one space
  apart), so "fewer than three words" is "fewer than two spaces".
#}
{% macro story_title_key(normalized_title, outlet) -%}
    {%- set post_words = [
        'linkedin', 'twitter', 'x', 'reddit', 'facebook', 'instagram', 'threads', 'bluesky', 'mastodon',
        'tiktok', 'youtube', 'post', 'posts', 'tweet', 'tweets', 'retweet', 'repost', 'comment', 'comments',
        'reply', 'replies', 'status', 'update', 'share', 'shared', 'video', 'photo', 'image', 'link',
        'untitled', 'no', 'title', 'new', 'a', 'an', 'the', 'to', 'on', 'of', 'in', 'by', 'from', 're',
    ] -%}
    {%- set only_post_words = "'^(" ~ post_words | join('|') ~ ")( (" ~ post_words | join('|') ~ "))*$'" -%}
    case
        when {{ normalized_title }} not like '% % %'
            or {{ normalized_title }} = {{ normalize_for_matching(outlet) }}
            or {{ regexp_contains(normalized_title, only_post_words) }}
            then null
        else {{ normalized_title }}
    end
{%- endmacro %}
