//! One switch between rayon and a sequential loop, for the enumerations
//! that split their work into independent parts (program prefixes, the
//! first transitions of Turing machines, circuit prefixes).

/// Folds `items` into accumulators started by `empty`, then joins the
/// accumulators with `merge`: rayon's `fold` and `reduce` with the `rayon`
/// feature, one sequential fold without it. Rayon keeps the items' order
/// when it joins, and `merge` must be associative with `empty()` as its
/// identity, so both give the same result.
#[cfg(feature = "rayon")]
pub(crate) fn fold_merge<I, A>(
    items: Vec<I>,
    empty: impl Fn() -> A + Sync + Send,
    fold: impl Fn(A, I) -> A + Sync + Send,
    merge: impl Fn(A, A) -> A + Sync + Send,
) -> A
where
    I: Send,
    A: Send,
{
    use rayon::prelude::*;
    items
        .into_par_iter()
        .fold(&empty, fold)
        .reduce(&empty, merge)
}

/// Folds `items` into accumulators started by `empty`, then joins the
/// accumulators with `merge`: rayon's `fold` and `reduce` with the `rayon`
/// feature, one sequential fold without it (as here). `merge` must be
/// associative with `empty()` as its identity, so both give the same
/// result.
#[cfg(not(feature = "rayon"))]
pub(crate) fn fold_merge<I, A>(
    items: Vec<I>,
    empty: impl Fn() -> A,
    fold: impl Fn(A, I) -> A,
    merge: impl Fn(A, A) -> A,
) -> A {
    let _ = merge;
    items.into_iter().fold(empty(), fold)
}

#[cfg(test)]
mod tests {
    /// Order is kept, whichever way the work is split.
    #[test]
    fn concatenation_keeps_the_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let joined = super::fold_merge(
            items.clone(),
            Vec::new,
            |mut v, x| {
                v.push(x);
                v
            },
            |mut a, b| {
                a.extend(b);
                a
            },
        );
        assert_eq!(joined, items);
    }
}
