//! Numbers with the rounding interval they stand for.
//!
//! A printed amount `v` with `d` decimals stands for any true amount in
//! [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]; a stated `52.79%` for [52.785%, 52.795%]. Arithmetic carries
//! the interval along (exactly, in decimals), and `==` holds when two intervals meet. This is
//! how a sum of eleven items printed to 0.01 may honestly miss its printed total by 0.055,
//! while a miss of 4.75 cannot be explained by rounding.

use rust_decimal::Decimal;

/// What a number measures. Amounts and percentages never mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Amount,
    Percent,
    /// counts, ratios, literals: combine with anything
    Scalar,
}

/// Where a number came from, for the diagnosis of failing percentages.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// computed by the rule
    Computed,
    /// written in the report (a cell or a stated claim) or in the rule (a literal), with the
    /// number of decimals it was written with
    Written { scale: u32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Num {
    pub unit: Unit,
    /// the value as printed or computed from printed values
    pub mid: Decimal,
    pub lo: Decimal,
    pub hi: Decimal,
    /// a blank cell (counts as 0)
    pub blank: bool,
    pub origin: Origin,
    /// for a percentage computed by `pct(part, whole)`: the part and whole, so a failing
    /// percentage can be tried against other denominators
    pub ratio: Option<Box<(Num, Num)>>,
    /// a rate over a zero base that reports state by convention (see [`ZeroBase`])
    pub zero_base: Option<ZeroBase>,
    /// a percentage written in the pack (`5%`, `-10%`, or a `let` bound to one): a threshold
    /// that is exact in `<`, `<=`, `>`, `>=`, and read with its written precision in `==` and
    /// `!=`, where it stands for a stated value (docs/language.md §10.5)
    pub literal: bool,
}

/// A rate whose base is zero, which no division gives but reports state by convention
/// (docs/standard-pack.md, "Zero bases").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeroBase {
    /// nothing over nothing (预算 0, 决算 0): a stated 0% is right, and is the value
    ZeroOverZero,
    /// growth from a prior year of zero (a unit founded this year, a new item): stated as 100%
    /// by convention, which is the value; any other rate is wrong
    GrowthFromZero,
}

/// Arithmetic failures that become findings rather than crashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArithError {
    DivisionByZero,
    Overflow,
}

pub type Arith = Result<Num, ArithError>;

/// ½·10⁻ᵈ
pub fn half_ulp(decimals: u32) -> Decimal {
    Decimal::new(5, decimals.min(27) + 1)
}

impl Num {
    /// An exact number (a literal in a rule, a count).
    pub fn exact(unit: Unit, v: Decimal) -> Num {
        Num {
            unit,
            mid: v,
            lo: v,
            hi: v,
            blank: false,
            origin: Origin::Written { scale: v.scale() },
            ratio: None,
            zero_base: None,
            literal: false,
        }
    }

    /// A printed value: exact text `v`, rounded to `decimals` places (at least its own scale).
    pub fn printed(unit: Unit, v: Decimal, decimals: u32) -> Num {
        let d = decimals.max(v.scale());
        let h = half_ulp(d);
        Num {
            unit,
            mid: v,
            lo: v - h,
            hi: v + h,
            blank: false,
            origin: Origin::Written { scale: v.scale() },
            ratio: None,
            zero_base: None,
            literal: false,
        }
    }

    /// A value with a fixed tolerance instead of a rounding interval.
    pub fn with_radius(mut self, r: Decimal) -> Num {
        self.lo = self.mid - r;
        self.hi = self.mid + r;
        self
    }

    pub fn blank(unit: Unit) -> Num {
        Num {
            blank: true,
            ..Num::exact(unit, Decimal::ZERO)
        }
    }

    pub fn zero(unit: Unit) -> Num {
        Num {
            origin: Origin::Computed,
            ..Num::exact(unit, Decimal::ZERO)
        }
    }

    /// The conventional value of a rate over a zero base: 0% for nothing over nothing, 100%
    /// for growth from nothing.
    pub fn over_zero_base(z: ZeroBase) -> Num {
        let v = match z {
            ZeroBase::ZeroOverZero => Decimal::ZERO,
            ZeroBase::GrowthFromZero => Decimal::ONE_HUNDRED,
        };
        Num {
            origin: Origin::Computed,
            zero_base: Some(z),
            ..Num::exact(Unit::Percent, v)
        }
    }

    /// Whether the interval holds 0 (a zero or blank amount, given rounding).
    pub fn may_be_zero(&self) -> bool {
        self.lo <= Decimal::ZERO && self.hi >= Decimal::ZERO
    }

    /// The half-width of the interval around `mid` (the larger side).
    pub fn radius(&self) -> Decimal {
        (self.mid - self.lo).max(self.hi - self.mid)
    }

    fn computed(unit: Unit, mid: Decimal, lo: Decimal, hi: Decimal) -> Num {
        Num {
            unit,
            mid,
            lo: lo.min(hi),
            hi: hi.max(lo),
            blank: false,
            origin: Origin::Computed,
            ratio: None,
            zero_base: None,
            literal: false,
        }
    }

    pub fn add(&self, o: &Num, unit: Unit) -> Arith {
        // lo + lo <= hi + hi: no reordering needed
        Ok(Num {
            unit,
            mid: ck(self.mid.checked_add(o.mid))?,
            lo: ck(self.lo.checked_add(o.lo))?,
            hi: ck(self.hi.checked_add(o.hi))?,
            blank: false,
            origin: Origin::Computed,
            ratio: None,
            zero_base: None,
            literal: false,
        })
    }

    pub fn sub(&self, o: &Num, unit: Unit) -> Arith {
        Ok(Num::computed(
            unit,
            ck(self.mid.checked_sub(o.mid))?,
            ck(self.lo.checked_sub(o.hi))?,
            ck(self.hi.checked_sub(o.lo))?,
        ))
    }

    pub fn mul(&self, o: &Num, unit: Unit) -> Arith {
        let ps = [
            ck(self.lo.checked_mul(o.lo))?,
            ck(self.lo.checked_mul(o.hi))?,
            ck(self.hi.checked_mul(o.lo))?,
            ck(self.hi.checked_mul(o.hi))?,
        ];
        let (lo, hi) = min_max(&ps);
        Ok(Num::computed(
            unit,
            ck(self.mid.checked_mul(o.mid))?,
            lo,
            hi,
        ))
    }

    /// Division. A divisor whose interval contains 0 (a zero or blank budget) is a
    /// [`ArithError::DivisionByZero`]: the quotient would be unbounded.
    pub fn div(&self, o: &Num, unit: Unit) -> Arith {
        if o.lo <= Decimal::ZERO && o.hi >= Decimal::ZERO {
            return Err(ArithError::DivisionByZero);
        }
        let qs = [
            ck(self.lo.checked_div(o.lo))?,
            ck(self.lo.checked_div(o.hi))?,
            ck(self.hi.checked_div(o.lo))?,
            ck(self.hi.checked_div(o.hi))?,
        ];
        let (lo, hi) = min_max(&qs);
        Ok(Num::computed(
            unit,
            ck(self.mid.checked_div(o.mid))?,
            lo,
            hi,
        ))
    }

    /// `part / whole × 100`, as a percentage.
    pub fn pct(part: &Num, whole: &Num) -> Arith {
        let q = part.div(whole, Unit::Scalar)?;
        let mut p = q.mul(
            &Num::exact(Unit::Scalar, Decimal::ONE_HUNDRED),
            Unit::Percent,
        )?;
        p.ratio = Some(Box::new((part.clone(), whole.clone())));
        Ok(p)
    }

    pub fn neg(&self) -> Num {
        Num {
            literal: self.literal,
            ..Num::computed(self.unit, -self.mid, -self.hi, -self.lo)
        }
    }

    /// A percentage written in the pack: its written precision, marked as a literal.
    pub fn literal_percent(v: Decimal) -> Num {
        Num {
            literal: true,
            ..Num::printed(Unit::Percent, v, v.scale())
        }
    }

    /// The value as a threshold: a literal is exact in an ordering comparison.
    pub fn as_threshold(&self) -> std::borrow::Cow<'_, Num> {
        if self.literal {
            std::borrow::Cow::Owned(Num {
                lo: self.mid,
                hi: self.mid,
                ..self.clone()
            })
        } else {
            std::borrow::Cow::Borrowed(self)
        }
    }

    pub fn abs(&self) -> Num {
        if self.mid.is_sign_negative() {
            self.neg()
        } else {
            Num::computed(self.unit, self.mid, self.lo, self.hi)
        }
    }

    /// Whether the two intervals meet: the values can be equal given rounding.
    pub fn can_equal(&self, o: &Num) -> bool {
        self.lo <= o.hi && o.lo <= self.hi
    }
}

fn ck(v: Option<Decimal>) -> Result<Decimal, ArithError> {
    v.ok_or(ArithError::Overflow)
}

fn min_max(xs: &[Decimal; 4]) -> (Decimal, Decimal) {
    let mut lo = xs[0];
    let mut hi = xs[0];
    for &x in &xs[1..] {
        lo = lo.min(x);
        hi = hi.max(x);
    }
    (lo, hi)
}

/// Rounds half away from zero to `dp` places, as publishers do.
pub fn round_half_up(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Truncates toward zero to `dp` places.
pub fn truncate(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::ToZero)
}

/// Formats a decimal for people: amounts with at least two places are kept as computed but
/// trimmed to at most `dp` places.
pub fn show(v: Decimal, dp: u32) -> String {
    let r = round_half_up(v, dp);
    let s = r.normalize().to_string();
    if s == "-0" { "0".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn printed_amounts_carry_half_a_unit_of_the_last_place() {
        let a = Num::printed(Unit::Amount, d("2"), 2);
        assert_eq!((a.lo, a.hi), (d("1.995"), d("2.005")));
        let p = Num::printed(Unit::Percent, d("53"), 0);
        assert_eq!((p.lo, p.hi), (d("52.5"), d("53.5")));
    }

    #[test]
    fn sums_widen_and_equality_meets() {
        // eleven items printed to 0.01 may miss their printed total by up to 0.06 together
        let item = Num::printed(Unit::Amount, d("1.00"), 2);
        let mut s = Num::zero(Unit::Amount);
        for _ in 0..11 {
            s = s.add(&item, Unit::Amount).unwrap();
        }
        assert!(s.can_equal(&Num::printed(Unit::Amount, d("11.05"), 2)));
        assert!(!s.can_equal(&Num::printed(Unit::Amount, d("11.07"), 2)));
        assert!(!s.can_equal(&Num::printed(Unit::Amount, d("15.75"), 2)));
    }

    #[test]
    fn percentages_over_rounded_amounts() {
        let part = Num::printed(Unit::Amount, d("39.60"), 2);
        let whole = Num::printed(Unit::Amount, d("75.01"), 2);
        let p = Num::pct(&part, &whole).unwrap();
        assert!(p.can_equal(&Num::printed(Unit::Percent, d("52.79"), 2)));
        assert!(!p.can_equal(&Num::printed(Unit::Percent, d("52.70"), 2)));
    }

    #[test]
    fn zero_divisor_is_an_error_not_a_crash() {
        let zero = Num::printed(Unit::Amount, d("0"), 2);
        let one = Num::printed(Unit::Amount, d("1"), 2);
        assert_eq!(
            one.div(&zero, Unit::Scalar),
            Err(ArithError::DivisionByZero)
        );
        let big = Num::exact(Unit::Scalar, Decimal::MAX);
        assert_eq!(big.mul(&big, Unit::Scalar), Err(ArithError::Overflow));
    }
}
