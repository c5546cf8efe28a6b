fn main() {
    let text = std::fs::read_to_string("/work/shared/corpus/discord.json").unwrap();
    let input = generator::Input {
        schema_path: "discord.json",
        schema_text: &text,
    };
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let files = generator::generate(&input).unwrap();
        println!("generate {:?} files {}", t.elapsed(), files.len());
    }
}
