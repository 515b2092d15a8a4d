//! The command line's option syntax, shared by its subcommands: `--name value` or
//! `--name=value` (long options only take the `=` form, so a short option's value may
//! itself contain `=`).

/// One option word split into its name and the value written after `=`, if any.
pub struct OptionWord<'a> {
    pub name: &'a str,
    inline: Option<&'a str>,
}

impl<'a> OptionWord<'a> {
    pub fn new(arg: &'a str) -> Self {
        match arg.split_once('=') {
            Some((name, v)) if name.starts_with("--") => OptionWord {
                name,
                inline: Some(v),
            },
            _ => OptionWord {
                name: arg,
                inline: None,
            },
        }
    }

    /// The option's value: after its `=`, or else the next argument (`args[*next]`,
    /// which is then consumed).
    pub fn value(&self, args: &[String], next: &mut usize) -> Result<String, String> {
        if let Some(v) = self.inline {
            return Ok(v.to_string());
        }
        let v = args
            .get(*next)
            .ok_or_else(|| format!("{} 后面缺少参数", self.name))?;
        *next += 1;
        Ok(v.clone())
    }
}
