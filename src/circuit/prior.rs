//! The circuit-size prior: a written description-length code for circuits.
//! The design is documented in [`crate::circuit`].

use crate::circuit::Enumeration;
use crate::error::{Error, Result};
use crate::logspace::{log_sum_exp, normalize};

/// How a function's prior weight is derived from its circuits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum FunctionPrior {
    /// `Σ 2^-ℓ(C)` over every enumerated circuit `C` computing the function
    /// (needs an enumeration made with [`Enumeration::new`], which counts).
    SumOverCircuits,
    /// `2^-ℓ(C*)` for a smallest circuit `C*`.
    SmallestCircuit,
    /// The same weight for every enumerated function: no bias toward small
    /// circuits. With every function of `k` inputs enumerated, this is the
    /// exact Bayes predictor of a task family that draws its rule
    /// uniformly (see `examples/mesa_induction.rs`).
    Uniform,
}

/// Description length in bits of any circuit of `gates` gates over
/// `inputs` inputs in a basis of `basis_size` operations (see the module
/// docs for the code).
///
/// ```
/// use inductive::circuit::circuit_bits;
///
/// // One XOR over 2 inputs, full basis (10 operations):
/// // gamma(2) = 3, op log2(10), refs 2·log2(4) = 4, complement flag 1.
/// let bits = circuit_bits(2, 10, 1, true);
/// assert!((bits - (3.0 + 10f64.log2() + 4.0 + 1.0)).abs() < 1e-12);
/// ```
pub fn circuit_bits(inputs: usize, basis_size: usize, gates: usize, complement_free: bool) -> f64 {
    let n = gates + 1;
    let gamma = 2.0 * (usize::BITS - 1 - n.leading_zeros()) as f64 + 1.0;
    let signals = inputs + 2;
    let body: f64 = (0..gates)
        .map(|i| (basis_size as f64).log2() + 2.0 * ((signals + i) as f64).log2())
        .sum();
    let output = if gates == 0 {
        (signals as f64).log2()
    } else {
        0.0
    };
    gamma + body + output + if complement_free { 1.0 } else { 0.0 }
}

/// Natural-log prior weights of the functions of `enumeration`, in the
/// order of [`Enumeration::functions`], normalised to sum to one.
pub fn log_prior(enumeration: &Enumeration, prior: FunctionPrior) -> Result<ndarray::Array1<f64>> {
    if enumeration.functions().is_empty() {
        return Err(Error::InvalidSize {
            what: "functions in the enumeration",
            expected: "at least one",
            value: 0,
        });
    }
    if prior == FunctionPrior::SumOverCircuits && !enumeration.counted() {
        return Err(Error::Incompatible {
            reason: "the sum-over-circuits prior needs circuit counts; build the \
                     enumeration with Enumeration::new, or use SmallestCircuit",
        });
    }
    let complement_free = enumeration.basis().complement_is_free();
    let ln2 = std::f64::consts::LN_2;
    let bits = |gates: usize| {
        circuit_bits(
            enumeration.inputs(),
            enumeration.basis_size(),
            gates,
            complement_free,
        )
    };
    let mut weights: Vec<f64> = enumeration
        .functions()
        .iter()
        .map(|f| match prior {
            FunctionPrior::SmallestCircuit => -bits(f.min_gates) * ln2,
            FunctionPrior::Uniform => 0.0,
            FunctionPrior::SumOverCircuits => {
                let terms: Vec<f64> = f
                    .circuits_by_size
                    .iter()
                    .enumerate()
                    .filter(|&(_, &count)| count > 0)
                    .map(|(size, &count)| (count as f64).ln() - bits(size) * ln2)
                    .collect();
                log_sum_exp(&terms)
            }
        })
        .collect();
    normalize(&mut weights);
    Ok(ndarray::Array1::from(weights))
}
