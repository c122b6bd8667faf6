//! The noisy leaf's Bayes update, branch-free and vectorisable: the hot
//! loop of a circuit mixture.

/// Lanes of the accumulators in [`noisy_step`]: independent partial sums
/// let the compiler vectorise the loop (the summation order is fixed, so
/// results stay bit-identical run to run).
const LANES: usize = 4;

/// One Bayes update of the noisy leaf, branch-free: each weight is
/// multiplied by `right` or `wrong`, then returns the total weight and the
/// weight of the functions whose output is one in the `next` context.
/// `table(i)` gives function `i`'s truth table.
#[inline(always)]
pub(super) fn noisy_step(
    weights: &mut [f64],
    table: impl Fn(usize) -> u64,
    context: usize,
    next: usize,
    bit: bool,
    right: f64,
    wrong: f64,
) -> (f64, f64) {
    let flip = u64::from(bit).wrapping_neg();
    let (right, wrong) = (right.to_bits(), wrong.to_bits());
    // Updates one weight; returns it, and it again if the function's output
    // is one in the `next` context (0 otherwise).
    let step = |w: &mut f64, t: u64| -> (f64, f64) {
        // All ones where the function's output differs from the bit.
        let mismatch = (((t >> context) & 1).wrapping_neg()) ^ flip;
        *w *= f64::from_bits((right & !mismatch) | (wrong & mismatch));
        (
            *w,
            f64::from_bits(w.to_bits() & ((t >> next) & 1).wrapping_neg()),
        )
    };
    let mut total = [0.0; LANES];
    let mut ones = [0.0; LANES];
    let full = weights.len() - weights.len() % LANES;
    for (chunk, w) in weights[..full].chunks_exact_mut(LANES).enumerate() {
        for lane in 0..LANES {
            let (all, one) = step(&mut w[lane], table(chunk * LANES + lane));
            total[lane] += all;
            ones[lane] += one;
        }
    }
    let (mut total, mut ones) = (total.iter().sum::<f64>(), ones.iter().sum::<f64>());
    for (i, w) in weights.iter_mut().enumerate().skip(full) {
        let (all, one) = step(w, table(i));
        total += all;
        ones += one;
    }
    (total, ones)
}

/// Block of [`noisy_step_complete`]: bit `c < 4` of a function's index
/// repeats with period 16, and bit `c >= 4` is constant over aligned blocks
/// of 16.
pub(super) const BLOCK: usize = 16;

/// [`noisy_step`] for the complete set of functions of up to 4 inputs in
/// truth-table order (function `i` has table `i`). Bit `p` of an index
/// repeats with period 16 when `p < 4` and is constant over aligned blocks
/// of 16 otherwise. So one pass over contiguous memory scales the weights
/// of the functions that got the bit wrong by `wrong / right` (the common
/// factor `right` cancels in every ratio the mixture uses) and adds each
/// weight to the column sum of its position in the block: one multiply and
/// one add a weight, which the compiler vectorises. The total and the
/// weight of the functions whose output is one in the `next` context are
/// then sums of column sums (of every block, or of the blocks whose index
/// has the `next` bit).
pub(super) fn noisy_step_complete(
    weights: &mut [f64],
    context: usize,
    next: usize,
    bit: bool,
    right: f64,
    wrong: f64,
) -> (f64, f64) {
    let ratio = wrong / right;
    let wrong_at = |index: usize, position: usize| ((index >> position) & 1 == 1) != bit;
    let in_block: [f64; BLOCK] = std::array::from_fn(|l| {
        if context < 4 && wrong_at(l, context) {
            ratio
        } else {
            1.0
        }
    });
    // Column sums of all blocks, and of the blocks whose `next` bit is one
    // (when `next` is a block bit).
    let mut all = [0.0; BLOCK];
    let mut marked = [0.0; BLOCK];
    for (j, block) in weights.chunks_exact_mut(BLOCK).enumerate() {
        let scale = if context >= 4 && wrong_at(j, context - 4) {
            ratio
        } else {
            1.0
        };
        let mut sums = [0.0; BLOCK];
        for ((w, s), sum) in block.iter_mut().zip(&in_block).zip(&mut sums) {
            *w *= s * scale;
            *sum = *w;
        }
        for (a, s) in all.iter_mut().zip(&sums) {
            *a += s;
        }
        if next >= 4 && (j >> (next - 4)) & 1 == 1 {
            for (m, s) in marked.iter_mut().zip(&sums) {
                *m += s;
            }
        }
    }
    let total = all.iter().sum();
    let ones = if next >= 4 {
        marked.iter().sum()
    } else {
        all.iter()
            .enumerate()
            .filter(|&(l, _)| (l >> next) & 1 == 1)
            .map(|(_, a)| a)
            .sum()
    };
    (total, ones)
}
