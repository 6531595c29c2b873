//! Next-session advice (§6). Pure: items and the as-of date in, advice out.
