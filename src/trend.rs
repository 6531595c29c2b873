//! The two-week trend (§5). Pure: daily values and the as-of date in, the comparison out.
